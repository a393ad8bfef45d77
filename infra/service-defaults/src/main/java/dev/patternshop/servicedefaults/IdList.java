package dev.patternshop.servicedefaults;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A query parameter naming several ids, {@code ids=1,2,3}: one reading for every service's bulk read. Positive
 * 64-bit ids separated by commas, at most {@code max} of them, repeats collapsed, in the order given. Anything else
 * is an {@link InvalidRequest} on the parameter, which never echoes the input; an oversized list is refused before
 * any of it is parsed.
 */
public final class IdList {

    private IdList() {}

    public static Set<Long> parse(String parameter, String text, int max) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequest(parameter, "is required: up to " + max + " comma-separated ids");
        }
        if (text.chars().filter(c -> c == ',').count() >= max) {
            throw new InvalidRequest(parameter, "must name at most " + max + " ids per call");
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            ids.add(positiveId(parameter, part.strip()));
        }
        return ids;
    }

    private static long positiveId(String parameter, String part) {
        try {
            long id = Long.parseLong(part);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below, without echoing the input
        }
        throw new InvalidRequest(parameter, "must be positive ids separated by commas");
    }
}
