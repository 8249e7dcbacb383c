package eu.custodia.server.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * A full-stack test on a fresh database of its own. The suite runs twice: on embedded SQLite and on
 * PostgreSQL (Surefire executions {@code sqlite} and {@code postgresql}, tag {@code store}); see
 * {@link TestDatabase}. The web server is not started unless the test asks for a port.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("store")
@SpringBootTest
@ContextConfiguration(initializers = TestDatabase.class)
public @interface CustodiaTest {
}
