package dev.patternshop.order.domain;

/**
 * A command the saga sends to a participant. The messaging adapter turns it into the participant's contract and
 * appends it to the order shard's outbox, in the transaction that recorded the decision to send it.
 */
public sealed interface SagaCommand {

    /** Reserve the order's lines (inventory). */
    record ReserveStock() implements SagaCommand {}

    /** Authorize the order's total for its customer (payment). */
    record AuthorizePayment() implements SagaCommand {}

    /** Turn the reservation into a sale (inventory): the pivot. */
    record CommitReservation() implements SagaCommand {}

    /** Compensation: give the reserved stock back (inventory). */
    record ReleaseReservation(String reason) implements SagaCommand {}

    /** Compensation: release the payment's authorization (payment). */
    record VoidPayment(String reason) implements SagaCommand {}
}
