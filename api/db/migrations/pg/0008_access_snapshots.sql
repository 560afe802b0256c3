CREATE TABLE "access_marks" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_snapshots" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"epoch" bigint NOT NULL,
	"course_key" text NOT NULL,
	"valid_until" timestamp (3) with time zone,
	"lessons" jsonb NOT NULL,
	"computed_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "access_snapshots" ADD CONSTRAINT "access_snapshots_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- The access marks (api/access/snapshot.ts): every change to a row a student's access is
-- computed from moves that student's version; user 0 is the course's Stepik structure.
CREATE FUNCTION "access_mark_bump"(uid bigint) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "access_marks" ("user_id", "version") VALUES (uid, 1)
  ON CONFLICT ("user_id") DO UPDATE SET "version" = "access_marks"."version" + 1
$$;
--> statement-breakpoint
CREATE FUNCTION "access_mark_row"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM "access_mark_bump"(NEW."user_id"); END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD."user_id" IS DISTINCT FROM NEW."user_id") THEN
    PERFORM "access_mark_bump"(OLD."user_id");
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "access_mark_user"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "access_mark_bump"(NEW."id");
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "access_mark_course"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "access_mark_bump"(0);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "lesson_progress_access_mark" AFTER INSERT OR DELETE ON "lesson_progress" FOR EACH ROW EXECUTE FUNCTION "access_mark_row"();
--> statement-breakpoint
CREATE TRIGGER "lesson_progress_access_mark_update" AFTER UPDATE ON "lesson_progress" FOR EACH ROW WHEN ((OLD."user_id", OLD."lesson_id", OLD."passed_step_ids", OLD."score", OLD."unlocked_at") IS DISTINCT FROM (NEW."user_id", NEW."lesson_id", NEW."passed_step_ids", NEW."score", NEW."unlocked_at")) EXECUTE FUNCTION "access_mark_row"();
--> statement-breakpoint
CREATE TRIGGER "access_overrides_access_mark" AFTER INSERT OR DELETE ON "access_overrides" FOR EACH ROW EXECUTE FUNCTION "access_mark_row"();
--> statement-breakpoint
CREATE TRIGGER "access_overrides_access_mark_update" AFTER UPDATE ON "access_overrides" FOR EACH ROW WHEN ((OLD."user_id", OLD."lesson_slug", OLD."action") IS DISTINCT FROM (NEW."user_id", NEW."lesson_slug", NEW."action")) EXECUTE FUNCTION "access_mark_row"();
--> statement-breakpoint
CREATE TRIGGER "watch_progress_access_mark" AFTER INSERT OR DELETE ON "watch_progress" FOR EACH ROW EXECUTE FUNCTION "access_mark_row"();
--> statement-breakpoint
CREATE TRIGGER "watch_progress_access_mark_update" AFTER UPDATE ON "watch_progress" FOR EACH ROW WHEN ((OLD."user_id", OLD."media_code", OLD."watched_seconds", OLD."duration") IS DISTINCT FROM (NEW."user_id", NEW."media_code", NEW."watched_seconds", NEW."duration")) EXECUTE FUNCTION "access_mark_row"();
--> statement-breakpoint
CREATE TRIGGER "course_roster_access_mark" AFTER INSERT OR DELETE ON "course_roster" FOR EACH ROW EXECUTE FUNCTION "access_mark_row"();
--> statement-breakpoint
CREATE TRIGGER "course_roster_access_mark_update" AFTER UPDATE ON "course_roster" FOR EACH ROW WHEN ((OLD."user_id", OLD."added_at") IS DISTINCT FROM (NEW."user_id", NEW."added_at")) EXECUTE FUNCTION "access_mark_row"();
--> statement-breakpoint
CREATE TRIGGER "users_access_mark_update" AFTER UPDATE ON "users" FOR EACH ROW WHEN ((OLD."stepik_user_id", OLD."stepik_missing_since", OLD."created_at") IS DISTINCT FROM (NEW."stepik_user_id", NEW."stepik_missing_since", NEW."created_at")) EXECUTE FUNCTION "access_mark_user"();
--> statement-breakpoint
CREATE TRIGGER "stepik_lessons_access_mark" AFTER INSERT OR DELETE ON "stepik_lessons" FOR EACH ROW EXECUTE FUNCTION "access_mark_course"();
--> statement-breakpoint
CREATE TRIGGER "stepik_lessons_access_mark_update" AFTER UPDATE ON "stepik_lessons" FOR EACH ROW WHEN ((OLD."id", OLD."step_ids") IS DISTINCT FROM (NEW."id", NEW."step_ids")) EXECUTE FUNCTION "access_mark_course"();
