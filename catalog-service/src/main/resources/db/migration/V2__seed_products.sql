-- A deterministic seed of 10,000 products: the same rows on every machine and every fresh start,
-- built from the row number alone (no random()), so cache, search and load runs compare like with like.
insert into product (sku, name, description, category, price_minor, currency, attributes, image_url, created_at, updated_at)
select 'SKU-' || lpad(n::text, 6, '0'),
       adjective || ' ' || material || ' ' || noun,
       'A ' || lower(adjective) || ' ' || lower(noun) || ' in ' || lower(material) || ', finished in ' || color
           || '. Part of our ' || category || ' range, made to last and easy to care for.',
       category,
       499 + (n * 7919) % 49501,
       'EUR',
       jsonb_build_object('color', color, 'material', lower(material), 'weightGrams', (100 + (n * 37) % 4900)::text),
       'https://img.patternshop.dev/products/' || n || '.jpg',
       timestamptz '2026-01-01 00:00:00+00' + make_interval(mins => n),
       timestamptz '2026-01-01 00:00:00+00' + make_interval(mins => n)
from (
    select n,
           (array['Classic','Modern','Rustic','Compact','Deluxe','Vintage','Sleek','Sturdy','Portable','Handmade','Minimal','Premium'])[1 + n % 12] as adjective,
           (array['Oak','Steel','Linen','Ceramic','Leather','Bamboo','Glass','Wool','Cotton','Walnut','Copper','Marble'])[1 + (n / 12) % 12] as material,
           (array['kitchen','furniture','lighting','textiles','outdoor','office','bath','toys'])[1 + n % 8] as category,
           (array[['Kettle','Cutting Board','Mug','Teapot','Bowl','Knife Block'],
                  ['Chair','Stool','Bookshelf','Side Table','Desk','Bench'],
                  ['Lamp','Pendant Light','Lantern','Floor Lamp','Sconce','Candle Holder'],
                  ['Blanket','Cushion','Throw','Rug','Towel','Apron'],
                  ['Planter','Bird Feeder','Garden Bench','Watering Can','Hammock','Fire Pit'],
                  ['Notebook','Pen Holder','Desk Organizer','Monitor Stand','Letter Tray','Desk Mat'],
                  ['Soap Dish','Bath Mat','Toothbrush Holder','Mirror','Laundry Basket','Shower Caddy'],
                  ['Puzzle','Building Blocks','Rocking Horse','Kite','Yo-Yo','Train Set']])[1 + n % 8][1 + (n / 144) % 6] as noun,
           (array['charcoal','ivory','sage','terracotta','navy','sand','forest green','mustard','slate','blush'])[1 + (n / 7) % 10] as color
    from generate_series(1, 10000) as g(n)
) as seed;
