-- Stock per product. The product id is the catalog's (this service never reads the catalog's tables);
-- version grows with every change: the admin's optimistic check and StockChanged's ordering both use it.
-- The checks are the last line of defence: whatever the code does, stock never goes negative.
create table stock (
    product_id bigint      primary key check (product_id > 0),
    available  integer     not null check (available >= 0),
    reserved   integer     not null check (reserved >= 0),
    version    bigint      not null default 0,
    updated_at timestamptz not null default now()
);

-- One reservation per order: the order id is the key, so a reserve sent twice (a new message id, the same order)
-- meets the first one. REJECTED keeps a refused reserve's answer, so a late re-send is answered the same way and
-- never reserves for an order the saga has already cancelled.
create table reservation (
    order_id             varchar(64) primary key,
    status               varchar(16) not null check (status in ('RESERVED', 'COMMITTED', 'RELEASED', 'REJECTED')),
    reason               varchar(64),
    rejected_product_ids bigint[]    not null default '{}',
    expires_at           timestamptz,
    created_at           timestamptz not null,
    updated_at           timestamptz not null,
    check (status = 'REJECTED' or expires_at is not null)
);

-- The expiry job's work list: only reservations still holding stock, oldest deadline first.
create index reservation_expiry_idx on reservation (expires_at) where status = 'RESERVED';

create table reservation_line (
    order_id   varchar(64) not null references reservation (order_id),
    product_id bigint      not null references stock (product_id),
    quantity   integer     not null check (quantity > 0),
    primary key (order_id, product_id)
);
