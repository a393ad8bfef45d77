-- What each customer's live stream shows and a reconnecting client resumes from (dev.patternshop.notification.live).

-- One counter per customer: the number of the customer's latest event. Taking the next number locks the customer's
-- row until the transaction ends, so one customer's events commit in the order of their numbers: a reader that has
-- seen number n has seen every number below n (with one global sequence, two consumer threads could commit 11
-- before 10, and a client that had read 11 would never see 10).
create table customer_stream (
    customer_id text primary key,
    last_seq    bigint not null
);

create table customer_event (
    id          bigserial primary key,
    -- The SSE event id: 1, 2, 3, ... per customer.
    customer_id text        not null,
    seq         bigint      not null,
    -- The order event's message id: a redelivered event is logged once.
    event_id    uuid        not null unique,
    order_id    text        not null,
    type        text        not null,
    status      text        not null,
    reason      text,
    occurred_at timestamptz not null,
    recorded_at timestamptz not null default now(),
    -- Replay: a customer's events after the Last-Event-ID, in order.
    constraint customer_event_per_customer unique (customer_id, seq)
);

-- Retention: the cleanup deletes by age.
create index customer_event_recorded_at on customer_event (recorded_at);
