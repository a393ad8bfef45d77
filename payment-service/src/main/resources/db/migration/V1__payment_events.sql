-- The event store: every payment is a stream of events, appended and never changed. (payment_id, version) is the
-- primary key, so of two writers that read a stream at version n and both append n + 1, the second's insert fails
-- (unique violation): optimistic concurrency without a lock held while the provider is called.
create table payment_events (
    payment_id  uuid        not null,
    version     integer     not null check (version > 0),
    type        varchar(32) not null,
    payload     jsonb       not null,
    occurred_at timestamptz not null,
    primary key (payment_id, version)
);

-- The read model: one row per payment, its state after the last event, written in the transaction that appends
-- the event. The listing by order id and the commands' "does this order have a payment" read it; the history
-- (GET /payments/{id}) replays the stream instead.
create table payments (
    id                 uuid        primary key,
    order_id           varchar(64) not null unique,
    customer_id        varchar(200) not null,
    status             varchar(16) not null
        check (status in ('INITIATED', 'AUTHORIZED', 'DECLINED', 'FAILED', 'VOIDED', 'REFUNDED')),
    amount_minor       bigint      not null check (amount_minor > 0),
    currency           char(3)     not null,
    provider_reference varchar(128),
    reason             varchar(64),
    version            integer     not null,
    updated_at         timestamptz not null
);
