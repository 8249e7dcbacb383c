package eu.custodia.server.tenancy.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The names of the fields that differ between two versions of a record, descending into nested records
 * ({@code contacts.dpo}, {@code dpa}); lists count as one field. Names only: the values (which may be
 * personal data) never leave this class.
 */
final class ChangedFields {

    private ChangedFields() {
    }

    static List<String> between(Record before, Record after) {
        List<String> changed = new ArrayList<>();
        collect("", before, after, changed);
        return changed;
    }

    private static void collect(String prefix, Record before, Record after, List<String> changed) {
        for (RecordComponent c : before.getClass().getRecordComponents()) {
            Object a = read(c, before);
            Object b = read(c, after);
            String name = prefix + c.getName();
            if (a instanceof Record ra && b instanceof Record rb && ra.getClass() == rb.getClass()
                    && ra.getClass().getRecordComponents().length > 0 && !prefix.contains(".")) {
                collect(name + ".", ra, rb, changed);
            } else if (!Objects.equals(a, b)) {
                changed.add(name);
            }
        }
    }

    private static Object read(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read record component " + c.getName(), e);
        }
    }
}
