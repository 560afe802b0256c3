CREATE TABLE `course_roster` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`added_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `users` ADD `stepik_linked_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `stepik_seen_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `stepik_missing_since` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `last_signed_in_at` integer;