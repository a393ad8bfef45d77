-- The transactional outbox (dev.patternshop.outbox). A service adds classpath:db/outbox to its Flyway
-- locations; version 0.1 runs before the service's own V1.
create table outbox (
    id           bigserial   primary key,
    topic        text        not null,
    aggregate_id text        not null,
    event_type   text        not null,
    event_id     uuid        not null unique,
    payload      jsonb       not null,
    created_at   timestamptz not null default clock_timestamp(),
    published_at timestamptz
);

-- The relay's work list: small, because published rows leave it at once.
create index outbox_unpublished on outbox (id) where published_at is null;
-- Clean-up of published rows past their retention.
create index outbox_published_at on outbox (published_at) where published_at is not null;
