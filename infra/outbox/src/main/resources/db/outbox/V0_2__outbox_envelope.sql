-- The message envelope (dev.patternshop.events.Envelope) stored with each row, and what the hardened relay
-- records: how often the broker refused the row, why, and when the relay set it aside.
-- (Versions 0.3 to 0.9 belong to the inbox library.)
alter table outbox
    add column correlation_id text,
    add column causation_id   uuid,
    add column occurred_at    timestamptz,
    add column traceparent    text,
    add column attempts       integer not null default 0,
    add column last_error     text,
    add column set_aside_at   timestamptz;

-- Rows written before the envelope: their aggregate is what they belong to, their write is when they happened.
update outbox set correlation_id = aggregate_id, occurred_at = created_at where correlation_id is null;

alter table outbox
    alter column correlation_id set not null,
    alter column occurred_at set not null;

-- The relay's work list leaves set-aside rows out; they wait for an operator (see OutboxRelay).
drop index outbox_unpublished;
create index outbox_unpublished on outbox (id) where published_at is null and set_aside_at is null;
create index outbox_set_aside on outbox (id) where set_aside_at is not null;
