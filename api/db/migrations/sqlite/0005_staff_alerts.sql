CREATE TABLE `staff_alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`kind` text NOT NULL,
	`telegram_id` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`sent_at` integer,
	`skipped_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`last_error` text,
	FOREIGN KEY (`run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_alerts_run_recipient_idx` ON `staff_alerts` (`run_id`,`telegram_id`);--> statement-breakpoint
CREATE INDEX `staff_alerts_pending_idx` ON `staff_alerts` (`sent_at`,`skipped_at`);--> statement-breakpoint
ALTER TABLE `lesson_progress` ADD `progressed_at` integer;