-- Stock for the catalog's 10,000 seeded products (catalog.seeded-products in infra/local's
-- local-runtime.properties), deterministic like the catalog's seed: 20 to 200 units, a formula of the id alone.
-- Five products are deliberately scarce, so out-of-stock is easy to show (see the README):
--   13 -> 1 unit, 77 -> 2, 404 -> 3, 777 -> 4, 9001 -> 5.
insert into stock (product_id, available, reserved, version, updated_at)
select n,
       case n
           when 13 then 1
           when 77 then 2
           when 404 then 3
           when 777 then 4
           when 9001 then 5
           else 20 + (n * 37) % 181
       end,
       0,
       0,
       timestamptz '2026-01-01 00:00:00+00'
from generate_series(1, 10000) as g(n);
