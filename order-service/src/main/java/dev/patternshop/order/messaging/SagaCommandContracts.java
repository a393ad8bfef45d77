package dev.patternshop.order.messaging;

import dev.patternshop.events.Topics;
import dev.patternshop.events.inventory.v1.CommitReservation;
import dev.patternshop.events.inventory.v1.ReleaseReservation;
import dev.patternshop.events.inventory.v1.ReserveStock;
import dev.patternshop.events.payment.v1.AuthorizePayment;
import dev.patternshop.events.payment.v1.VoidPayment;
import dev.patternshop.order.domain.Order;
import dev.patternshop.order.domain.SagaCommand;

/** The saga's commands as the participants' contracts: what each says, its type and the topic it goes to. */
final class SagaCommandContracts {

    private SagaCommandContracts() {}

    record Mapped(String topic, String type, Record contract) {}

    /** Every command is built from the order as stored, so a re-send says exactly what the first send said. */
    static Mapped map(Order order, SagaCommand command) {
        String orderId = order.id().toString();
        return switch (command) {
            case SagaCommand.ReserveStock r ->
                new Mapped(
                        Topics.INVENTORY_COMMANDS,
                        ReserveStock.TYPE,
                        new ReserveStock(
                                orderId,
                                order.lines().stream()
                                        .map(line -> new ReserveStock.Line(line.productId(), line.quantity()))
                                        .toList()));
            case SagaCommand.CommitReservation c ->
                new Mapped(Topics.INVENTORY_COMMANDS, CommitReservation.TYPE, new CommitReservation(orderId));
            case SagaCommand.ReleaseReservation release ->
                new Mapped(
                        Topics.INVENTORY_COMMANDS,
                        ReleaseReservation.TYPE,
                        new ReleaseReservation(orderId, release.reason()));
            case SagaCommand.AuthorizePayment a ->
                new Mapped(
                        Topics.PAYMENT_COMMANDS,
                        AuthorizePayment.TYPE,
                        new AuthorizePayment(orderId, order.customerId(), order.totalMinor(), order.currency()));
            case SagaCommand.VoidPayment voiding ->
                new Mapped(Topics.PAYMENT_COMMANDS, VoidPayment.TYPE, new VoidPayment(orderId, voiding.reason()));
        };
    }
}
