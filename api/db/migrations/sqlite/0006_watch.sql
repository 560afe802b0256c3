CREATE TABLE `watch_progress` (
	`user_id` integer NOT NULL,
	`lesson_slug` text NOT NULL,
	`part_index` integer NOT NULL,
	`intervals` text NOT NULL,
	`watched_seconds` real DEFAULT 0 NOT NULL,
	`duration_seconds` real DEFAULT 0 NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`user_id`, `lesson_slug`, `part_index`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
