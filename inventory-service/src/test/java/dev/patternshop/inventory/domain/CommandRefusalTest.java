package dev.patternshop.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.events.inventory.v1.InventoryCommandRejected;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandRefusalTest {

    /** Inventory sends {@code refusal.name()}: each must be a code the event contract names for its consumers. */
    @Test
    void everyRefusalIsACodeOfTheEventContract() throws IllegalAccessException {
        List<String> contractCodes = new ArrayList<>();
        for (Field field : InventoryCommandRejected.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && field.getType() == String.class
                    && !field.getName().equals("TYPE")) {
                contractCodes.add((String) field.get(null));
            }
        }

        assertThat(contractCodes)
                .containsAll(
                        Arrays.stream(CommandRefusal.values()).map(Enum::name).toList());
    }
}
