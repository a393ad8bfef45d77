package dev.patternshop.servicedefaults;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Every JSON string a service reads (fields, list items, map values) is refused when it carries a control
 * character other than TAB, LF or CR: the body is a 400 naming the field, before anything is stored.
 */
public final class ControlCharacterStrings extends StringDeserializer {

    private ControlCharacterStrings() {}

    /** A Jackson module that reads every {@code String} through this check (Boot registers module beans). */
    public static SimpleModule module() {
        return new SimpleModule("patternshop-control-characters")
                .addDeserializer(String.class, new ControlCharacterStrings());
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
        String value = super.deserialize(parser, context);
        if (value != null && ControlCharacters.contains(value, false)) {
            throw new ControlCharacterInString(parser);
        }
        return value;
    }

    /** The body held a string with a control character; {@link ProblemDetailsAdvice} names the field. */
    public static final class ControlCharacterInString extends MismatchedInputException {

        ControlCharacterInString(JsonParser parser) {
            super(parser, "a string contains a control character", String.class);
        }
    }
}
