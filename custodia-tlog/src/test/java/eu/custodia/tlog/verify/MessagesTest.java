package eu.custodia.tlog.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static Properties load(String name) throws Exception {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("/eu/custodia/tlog/verify/" + name)) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void bundlesWhenComparedThenEnglishAndItalianHaveTheSameKeys() throws Exception {
        assertThat(load("messages_it.properties").keySet()).isEqualTo(load("messages.properties").keySet());
    }

    @Test
    void getWhenEveryKeyFormattedInBothLanguagesThenNoStrayQuotesOrPlaceholders() throws Exception {
        for (String lang : new String[] {"en", "it"}) {
            Messages msg = Messages.forLanguage(lang);
            for (Object key : load("messages.properties").keySet()) {
                String text = msg.get((String) key, "A", "B", "C", "D");
                assertThat(text).as("%s %s", lang, key).doesNotContain("{0}").doesNotContain("''");
            }
        }
        assertThat(Messages.forLanguage("it").get("usage.missingValue", "--key")).isEqualTo("l'opzione --key richiede un valore");
    }
}
