-- The same schema on every shard cluster; a row's logical shard is part of its id (see OrderId).

-- The low 10 bits of an order id's sequence part come from here: unique per cluster, whichever instance asks.
create sequence order_id_seq;

create table orders (
    id            bigint      primary key,
    logical_shard integer     not null,
    customer_id   text        not null,
    status        text        not null,
    total_minor   bigint      not null check (total_minor >= 0),
    currency      char(3)     not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    version       bigint      not null default 0
);

-- A customer's orders, newest first (GET /orders); the admin's listing by status (scatter-gather).
create index orders_by_customer on orders (customer_id, created_at desc, id desc);
create index orders_by_status on orders (status, created_at desc, id desc);

create table order_line (
    order_id         bigint  not null references orders (id) on delete cascade,
    line_no          integer not null,
    product_id       bigint  not null,
    sku              text    not null,
    name             text    not null,
    unit_price_minor bigint  not null check (unit_price_minor >= 0),
    quantity         integer not null check (quantity > 0),
    primary key (order_id, line_no)
);

-- POST /orders is idempotent per (customer, Idempotency-Key): the same key replays the stored answer.
create table idempotency_key (
    customer_id  text        not null,
    key          text        not null,
    request_hash text        not null,
    order_id     bigint      references orders (id) on delete cascade,
    created_at   timestamptz not null default clock_timestamp(),
    expires_at   timestamptz not null,
    primary key (customer_id, key)
);
create index idempotency_key_expiry on idempotency_key (expires_at);
