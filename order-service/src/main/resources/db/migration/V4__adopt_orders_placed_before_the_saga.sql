-- Orders placed before the checkout saga existed are PENDING without a saga: nothing would ever move them on, and
-- they would count against their customer's cap of unfinished orders for good. Each gets a saga due at once: the
-- supervisor sends its ReserveStock at its first look, and it runs like any other. Their deadline is the default
-- orders.saga.order-deadline (2 minutes) from now; an order that cannot be checked out then is cancelled.
insert into order_saga (order_id, state, attempts, due_at, order_deadline, started_at, updated_at)
select id, 'RESERVING_STOCK', 0, clock_timestamp(), clock_timestamp() + interval '2 minutes', clock_timestamp(),
       clock_timestamp()
  from orders
 where status = 'PENDING'
   and not exists (select 1 from order_saga s where s.order_id = orders.id);

update orders set status = 'AWAITING_STOCK', updated_at = clock_timestamp()
 where status = 'PENDING'
   and exists (select 1 from order_saga s where s.order_id = orders.id and s.state = 'RESERVING_STOCK');
