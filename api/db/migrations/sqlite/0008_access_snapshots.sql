CREATE TABLE `access_marks` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `access_snapshots` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`epoch` integer NOT NULL,
	`course_key` text NOT NULL,
	`valid_until` integer,
	`lessons` text NOT NULL,
	`computed_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);

--> statement-breakpoint
-- The access marks (api/access/snapshot.ts): every change to a row a student's access is
-- computed from moves that student's version; user 0 is the course's Stepik structure.
CREATE TRIGGER `lesson_progress_access_mark_insert` AFTER INSERT ON `lesson_progress` BEGIN
  INSERT INTO `access_marks` (`user_id`, `version`) VALUES (NEW.`user_id`, 1) ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `lesson_progress_access_mark_delete` AFTER DELETE ON `lesson_progress` BEGIN
  INSERT INTO `access_marks` (`user_id`, `version`) VALUES (OLD.`user_id`, 1) ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `lesson_progress_access_mark_update` AFTER UPDATE ON `lesson_progress` WHEN OLD.`user_id` IS NOT NEW.`user_id` OR OLD.`lesson_id` IS NOT NEW.`lesson_id` OR OLD.`passed_step_ids` IS NOT NEW.`passed_step_ids` OR OLD.`score` IS NOT NEW.`score` OR OLD.`unlocked_at` IS NOT NEW.`unlocked_at` BEGIN
  INSERT INTO `access_marks` (`user_id`, `version`) VALUES (NEW.`user_id`, 1) ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
  INSERT INTO `access_marks` (`user_id`, `version`) SELECT OLD.`user_id`, 1 WHERE OLD.`user_id` IS NOT NEW.`user_id` ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `access_overrides_access_mark_insert` AFTER INSERT ON `access_overrides` BEGIN
  INSERT INTO `access_marks` (`user_id`, `version`) VALUES (NEW.`user_id`, 1) ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `access_overrides_access_mark_delete` AFTER DELETE ON `access_overrides` BEGIN
  INSERT INTO `access_marks` (`user_id`, `version`) VALUES (OLD.`user_id`, 1) ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `access_overrides_access_mark_update` AFTER UPDATE ON `access_overrides` WHEN OLD.`user_id` IS NOT NEW.`user_id` OR OLD.`lesson_slug` IS NOT NEW.`lesson_slug` OR OLD.`action` IS NOT NEW.`action` BEGIN
  INSERT INTO `access_marks` (`user_id`, `version`) VALUES (NEW.`user_id`, 1) ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
  INSERT INTO `access_marks` (`user_id`, `version`) SELECT OLD.`user_id`, 1 WHERE OLD.`user_id` IS NOT NEW.`user_id` ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `watch_progress_access_mark_insert` AFTER INSERT ON `watch_progress` BEGIN
  INSERT INTO `access_marks` (`user_id`, `version`) VALUES (NEW.`user_id`, 1) ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `watch_progress_access_mark_delete` AFTER DELETE ON `watch_progress` BEGIN
  INSERT INTO `access_marks` (`user_id`, `version`) VALUES (OLD.`user_id`, 1) ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `watch_progress_access_mark_update` AFTER UPDATE ON `watch_progress` WHEN OLD.`user_id` IS NOT NEW.`user_id` OR OLD.`media_code` IS NOT NEW.`media_code` OR OLD.`watched_seconds` IS NOT NEW.`watched_seconds` OR OLD.`duration` IS NOT NEW.`duration` BEGIN
  INSERT INTO `access_marks` (`user_id`, `version`) VALUES (NEW.`user_id`, 1) ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
  INSERT INTO `access_marks` (`user_id`, `version`) SELECT OLD.`user_id`, 1 WHERE OLD.`user_id` IS NOT NEW.`user_id` ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `course_roster_access_mark_insert` AFTER INSERT ON `course_roster` BEGIN
  INSERT INTO `access_marks` (`user_id`, `version`) VALUES (NEW.`user_id`, 1) ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `course_roster_access_mark_delete` AFTER DELETE ON `course_roster` BEGIN
  INSERT INTO `access_marks` (`user_id`, `version`) VALUES (OLD.`user_id`, 1) ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `course_roster_access_mark_update` AFTER UPDATE ON `course_roster` WHEN OLD.`user_id` IS NOT NEW.`user_id` OR OLD.`added_at` IS NOT NEW.`added_at` BEGIN
  INSERT INTO `access_marks` (`user_id`, `version`) VALUES (NEW.`user_id`, 1) ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
  INSERT INTO `access_marks` (`user_id`, `version`) SELECT OLD.`user_id`, 1 WHERE OLD.`user_id` IS NOT NEW.`user_id` ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `users_access_mark_update` AFTER UPDATE ON `users` WHEN OLD.`stepik_user_id` IS NOT NEW.`stepik_user_id` OR OLD.`stepik_missing_since` IS NOT NEW.`stepik_missing_since` OR OLD.`created_at` IS NOT NEW.`created_at` BEGIN
  INSERT INTO `access_marks` (`user_id`, `version`) VALUES (NEW.`id`, 1) ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `stepik_lessons_access_mark_insert` AFTER INSERT ON `stepik_lessons` BEGIN
  INSERT INTO `access_marks` (`user_id`, `version`) VALUES (0, 1) ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `stepik_lessons_access_mark_delete` AFTER DELETE ON `stepik_lessons` BEGIN
  INSERT INTO `access_marks` (`user_id`, `version`) VALUES (0, 1) ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `stepik_lessons_access_mark_update` AFTER UPDATE ON `stepik_lessons` WHEN OLD.`id` IS NOT NEW.`id` OR OLD.`step_ids` IS NOT NEW.`step_ids` BEGIN
  INSERT INTO `access_marks` (`user_id`, `version`) VALUES (0, 1) ON CONFLICT (`user_id`) DO UPDATE SET `version` = `version` + 1;
END;