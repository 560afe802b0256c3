CREATE TABLE `schedule_marks` (
	`name` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL
);
