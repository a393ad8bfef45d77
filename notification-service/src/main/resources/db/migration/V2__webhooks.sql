-- Webhooks: customers' subscriptions, one delivery per (subscription, order event), and every attempt to send it.

create table webhook_subscription (
    id          uuid        primary key,
    customer_id text        not null,
    url         text        not null,
    -- The notice types it asked for (OrderNotice.TYPES), matched with "type = any(event_types)".
    event_types text[]      not null,
    -- Kept to sign every delivery (HMAC needs the key itself, so it cannot be stored hashed); shown once, at creation.
    secret      text        not null,
    created_at  timestamptz not null,
    -- Deleted subscriptions stay for the delivery log's history; nothing is delivered to them.
    deleted_at  timestamptz
);

-- The fan-out's lookup and a customer's own list.
create index webhook_subscription_customer on webhook_subscription (customer_id) where deleted_at is null;

create table webhook_delivery (
    -- The delivery id the receiver deduplicates on (Patternshop-Delivery header, deliveryId in the body).
    id              uuid        primary key,
    subscription_id uuid        not null references webhook_subscription (id),
    event_id        uuid        not null,
    event_type      text        not null,
    -- The exact JSON that is signed and sent, the same bytes on every attempt.
    payload         text        not null,
    status          text        not null check (status in ('PENDING', 'DELIVERED', 'DEAD')),
    -- Attempts in the current round (a replay starts a new round; the log keeps every attempt).
    attempts        int         not null default 0,
    -- When the worker may take it next; while one worker sends it, the claim moves this forward as a lease.
    next_attempt_at timestamptz not null,
    last_error      text,
    created_at      timestamptz not null,
    delivered_at    timestamptz,
    -- An order event delivered twice by Kafka makes one delivery per subscription, never two.
    constraint webhook_delivery_once unique (subscription_id, event_id)
);

-- The worker's due query: pending deliveries in the order they fall due.
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'PENDING';
-- The per-subscription delivery log, newest first.
create index webhook_delivery_subscription on webhook_delivery (subscription_id, created_at desc);
-- The admin's dead-letter list.
create index webhook_delivery_dead on webhook_delivery (created_at desc) where status = 'DEAD';

create table webhook_attempt (
    delivery_id uuid        not null references webhook_delivery (id),
    -- 1, 2, 3, ... over the delivery's whole life, replays included.
    attempt     int         not null,
    -- The receiver's HTTP status; null when no answer came (refused destination, breaker open, timeout, I/O).
    status_code int,
    latency_ms  bigint      not null,
    error       text,
    at          timestamptz not null,
    primary key (delivery_id, attempt)
);
