-- Products. The price is in minor units (cents) with its ISO 4217 currency: never a float.
-- version is the optimistic-locking counter: every update and delete names the version it read.
create table product (
    id            bigint generated always as identity primary key,
    sku           varchar(32)  not null,
    name          varchar(200) not null,
    description   text         not null default '',
    category      varchar(60)  not null,
    price_minor   bigint       not null check (price_minor >= 0),
    currency      char(3)      not null,
    attributes    jsonb        not null default '{}'::jsonb,
    image_url     varchar(500),
    created_at    timestamptz  not null default now(),
    updated_at    timestamptz  not null default now(),
    version       bigint       not null default 0,
    -- Full-text search document, kept up to date by Postgres itself: the name weighs most (A),
    -- then the category (B), then the description (C); ts_rank uses these weights.
    search_vector tsvector generated always as (
        setweight(to_tsvector('english', name), 'A') ||
        setweight(to_tsvector('english', category), 'B') ||
        setweight(to_tsvector('english', description), 'C')) stored
);

create unique index product_sku_uk on product (sku);
-- Listing by category, filtered and sorted by price, with id as the tie-breaker for stable pages.
create index product_category_price_idx on product (category, price_minor, id);
create index product_price_idx on product (price_minor, id);
create index product_created_idx on product (created_at, id);
-- The inverted index behind search: a GIN index over the tsvector turns "which rows contain
-- these lexemes" into index lookups instead of a scan of every row.
create index product_search_idx on product using gin (search_vector);
-- Exact-name matches rank first in search; this keeps that test cheap.
create index product_name_lower_idx on product (lower(name));
