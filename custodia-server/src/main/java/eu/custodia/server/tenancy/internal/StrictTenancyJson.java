package eu.custodia.server.tenancy.internal;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Refuses unknown JSON fields in the tenancy module's request bodies (a misspelt {@code retentionDay} must
 * not silently leave the retention unset), without changing how other modules' bodies are read: the
 * handler only acts for types in this module's packages; for every other type it leaves the decision to
 * the mapper's configuration.
 */
@Component
final class StrictTenancyJson implements JsonMapperBuilderCustomizer {

    private static final String PACKAGE = "eu.custodia.server.tenancy";

    @Override
    public void customize(tools.jackson.databind.json.JsonMapper.Builder builder) {
        builder.addHandler(new RejectUnknown());
    }

    static boolean strict(Class<?> type) {
        String name = type.getName();
        return name.startsWith(PACKAGE + ".");
    }

    private static final class RejectUnknown extends DeserializationProblemHandler {

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                ValueDeserializer<?> deserializer, Object beanOrClass, String propertyName) {
            Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
            if (strict(type)) {
                throw UnrecognizedPropertyException.from(p, beanOrClass, propertyName,
                        deserializer == null ? null : deserializer.getKnownPropertyNames());
            }
            return false;
        }
    }
}
