package io.weft.common.filter;

import java.util.List;
import java.util.Map;

import io.weft.common.annotation.Nullable;

/** A path into the value: {@code Service.Meta.version}, {@code Service.Meta["a.b"]}, {@code "/Service/Tags"}. */
record Selector(List<String> path, String text) {
    Selector {
        path = List.copyOf(path);
    }

    /** What {@link #resolve} finds: the value, or that a map lacked the last key. */
    record Found(boolean present, @Nullable Object value) {
        static final Found MISSING = new Found(false, null);
    }

    /**
     * Walks the path. A missing key under a map (or under {@code null}, an absent map) is
     * {@link Found#MISSING}; a missing top-level field, an index into a non-list or a step into a
     * scalar is an error, as go-bexpr reports a selector that does not fit the data.
     */
    Found resolve(Object root) {
        Object current = root;
        for (int i = 0; i < path.size(); i++) {
            final String part = path.get(i);
            if (current == null && i > 0) {
                return Found.MISSING;
            }
            if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(part)) {
                    if (i == 0) {
                        throw new FilterException("error finding value in datum: selector " + text +
                                                  ": no field " + quote(part), 0);
                    }
                    return Found.MISSING;
                }
                current = map.get(part);
            } else if (current instanceof List<?> list) {
                final int index = index(part, list.size());
                current = list.get(index);
            } else {
                throw new FilterException("error finding value in datum: selector " + text + ": " +
                                          quote(String.join(".", path.subList(0, i))) + " is a " +
                                          Values.kind(current) + ", it has no " + quote(part), 0);
            }
        }
        return new Found(true, current);
    }

    private int index(String part, int size) {
        final int index;
        try {
            index = Integer.parseInt(part);
        } catch (NumberFormatException e) {
            throw new FilterException("error finding value in datum: selector " + text + ": " + quote(part) +
                                      " follows a list (expected: an index such as .0; any/all are not supported)",
                                      0);
        }
        if (index >= 0 && index < size) {
            return index;
        }
        throw new FilterException("error finding value in datum: selector " + text + ": " + quote(part) +
                                  " is not an index of a list of " + size, 0);
    }

    static String quote(String s) {
        return '"' + s + '"';
    }

    @Override
    public String toString() {
        return text;
    }
}
