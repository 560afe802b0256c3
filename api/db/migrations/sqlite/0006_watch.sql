CREATE TABLE `watch_progress` (
	`user_id` integer NOT NULL,
	`media_code` text NOT NULL,
	`lesson_slug` text NOT NULL,
	`intervals` text NOT NULL,
	`watched_seconds` real DEFAULT 0 NOT NULL,
	`duration` real NOT NULL,
	`last_report_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`user_id`, `media_code`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
