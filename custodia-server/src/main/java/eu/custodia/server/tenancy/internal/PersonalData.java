package eu.custodia.server.tenancy.internal;

import eu.custodia.server.tenancy.TenantContract;
import eu.custodia.server.tenancy.TenantContract.Contact;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps personal data out of the ledger: a free-text reason that goes into a ledger entry is refused if it
 * looks like it carries an e-mail address or a phone number, or names any of the tenant's contacts, its
 * legal name or its tax id.
 */
final class PersonalData {

    private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+");
    private static final Pattern PHONE = Pattern.compile("\\+\\d[\\d ()\\-]{6,}\\d|\\b\\d(?:[ \\-]?\\d){8,}\\b");

    private PersonalData() {
    }

    static boolean mentionedIn(String text, TenantContract contract) {
        if (EMAIL.matcher(text).find() || PHONE.matcher(text).find()) {
            return true;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String value : values(contract)) {
            if (value != null && value.length() >= 4 && lower.contains(value.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> values(TenantContract contract) {
        List<String> values = new ArrayList<>(List.of(contract.legalName(), contract.taxId()));
        for (Contact c : List.of(contract.contacts().security(), contract.contacts().dpo(),
                contract.contacts().administrative())) {
            values.add(c.name());
            values.add(c.email());
            values.add(c.phone());
        }
        return values;
    }
}
