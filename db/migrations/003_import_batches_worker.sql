-- Which worker process committed each batch: shows scale-out at work and helps trace a bad batch to a host.

ALTER TABLE import_batches ADD COLUMN worker_identity VARCHAR(255) NULL AFTER run_id;
