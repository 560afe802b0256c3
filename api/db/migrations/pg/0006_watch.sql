CREATE TABLE "watch_progress" (
	"user_id" integer NOT NULL,
	"lesson_slug" text NOT NULL,
	"part_index" integer NOT NULL,
	"intervals" jsonb NOT NULL,
	"watched_seconds" double precision DEFAULT 0 NOT NULL,
	"duration_seconds" double precision DEFAULT 0 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "watch_progress_user_id_lesson_slug_part_index_pk" PRIMARY KEY("user_id","lesson_slug","part_index")
);
--> statement-breakpoint
ALTER TABLE "watch_progress" ADD CONSTRAINT "watch_progress_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;