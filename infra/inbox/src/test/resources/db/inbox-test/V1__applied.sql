-- What the tests' handlers change: one row per application of a message. No unique key on purpose: a message
-- applied twice would show as two rows.
create table applied (
    consumer   text        not null,
    message_id uuid        not null,
    record_key text,
    instance   text        not null,
    applied_at timestamptz not null default clock_timestamp()
);
