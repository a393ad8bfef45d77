-- The checkout saga (dev.patternshop.order.saga): one row per order, on the order's shard, changed in the same
-- transaction as the order's status and the outbox row of the command the saga sends next.

-- Why an order was cancelled, for the customer and for support (null unless CANCELLED).
alter table orders add column cancel_reason text;

create table order_saga (
    order_id        bigint      primary key references orders (id) on delete cascade,
    -- RESERVING_STOCK, AUTHORIZING_PAYMENT, COMMITTING_STOCK, COMPENSATING (still undoing), CONFIRMED, CANCELLED
    state           text        not null,
    -- how many times the current step's command was sent (the first send included)
    attempts        integer     not null,
    -- when the supervisor looks at this saga next (a step's deadline or a scheduled re-send); null once it ended
    due_at          timestamptz,
    -- past this, a saga that has not passed its pivot (the commit of the reservation) is cancelled
    order_deadline  timestamptz not null,
    -- compensations still to be acknowledged
    release_pending boolean     not null default false,
    void_pending    boolean     not null default false,
    reason          text,
    started_at      timestamptz not null,
    updated_at      timestamptz not null
);

-- The supervisor's query: sagas whose time has come, oldest first.
create index order_saga_due on order_saga (due_at) where due_at is not null;

-- What the saga did and heard, in order: GET /orders/{id} shows it as the order's steps.
create table order_saga_step (
    order_id bigint      not null references orders (id) on delete cascade,
    seq      integer     not null,
    step     text        not null,
    outcome  text        not null,
    detail   text,
    at       timestamptz not null,
    primary key (order_id, seq)
);
