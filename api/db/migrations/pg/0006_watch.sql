CREATE TABLE "watch_progress" (
	"user_id" integer NOT NULL,
	"media_code" text NOT NULL,
	"lesson_slug" text NOT NULL,
	"intervals" jsonb NOT NULL,
	"watched_seconds" double precision DEFAULT 0 NOT NULL,
	"duration" double precision NOT NULL,
	"last_report_at" timestamp (3) with time zone NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "watch_progress_user_id_media_code_pk" PRIMARY KEY("user_id","media_code")
);
--> statement-breakpoint
ALTER TABLE "watch_progress" ADD CONSTRAINT "watch_progress_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;