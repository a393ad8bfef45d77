-- The inbox of the idempotent consumer (dev.patternshop.inbox). A service adds classpath:db/inbox to its Flyway
-- locations (versions 0.1 and 0.2 are the outbox's; 0.3 runs before the service's own V1).
-- One row per message a consumer applied, written in the transaction that applied it: a message whose row is
-- already here is a duplicate and changes nothing. Deleted after the consumer's inbox retention.
create table inbox (
    consumer       text        not null,
    message_id     uuid        not null,
    message_type   text        not null,
    correlation_id text        not null,
    topic          text        not null,
    partition      integer     not null,
    record_offset  bigint      not null,
    received_at    timestamptz not null default clock_timestamp(),
    primary key (consumer, message_id)
);

-- The clean-up deletes rows past their retention.
create index inbox_received_at on inbox (received_at);
