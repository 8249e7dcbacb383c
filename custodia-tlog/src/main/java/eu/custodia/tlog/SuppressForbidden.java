package eu.custodia.tlog;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the few reviewed places allowed to use an API the build forbids elsewhere (raw JCE, see
 * {@code build/forbidden-main.txt}); {@link #reason} says why, for the reviewer.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface SuppressForbidden {

    /** Why this place needs the forbidden API. */
    String reason();
}
