-- orders.version was never read or written: concurrent changes to an order are serialized by the transitions'
-- status checks in one transaction, not by optimistic locking. A column nobody maintains misleads readers.
alter table orders drop column version;
