package eu.custodia.server;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Custodia: the trust layer a SaaS provider runs on. A Spring Modulith modular monolith: one top-level
 * package per capability ({@code platform}, {@code tenancy}, {@code ledger}, {@code identity},
 * {@code access}), each exposing its API package and hiding {@code internal} ones.
 *
 * <p>Commands: {@code serve} (default), {@code demo} (profile {@code demo}: demo data), {@code doctor}
 * (profile {@code doctor}, no web server: prints the hardening report and exits), {@code tenant} (profile
 * {@code tenant}, no web server: {@code tenant render-k8s <tenant-id>} prints the tenant's Kubernetes manifests
 * on standard output, the log going to standard error, and exits).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CustodiaApplication {

    public static void main(String[] args) {
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : "serve";
        String[] rest = args.length > 0 && !args[0].startsWith("-") ? Arrays.copyOfRange(args, 1, args.length) : args;
        SpringApplication app = new SpringApplication(CustodiaApplication.class);
        switch (command) {
            case "serve" -> { }
            case "demo" -> app.setAdditionalProfiles("demo");
            case "doctor" -> {
                app.setWebApplicationType(WebApplicationType.NONE);
                app.setAdditionalProfiles("doctor");
            }
            case "tenant" -> {
                app.setWebApplicationType(WebApplicationType.NONE);
                app.setAdditionalProfiles("tenant");
                // Standard output carries only the manifests: the log (and anything else) goes to standard error.
                System.setOut(System.err);
            }
            case "backup", "restore" -> {
                app.setWebApplicationType(WebApplicationType.NONE);
                app.setAdditionalProfiles(command);
            }
            default -> {
                System.err.println("custodia: unknown command '" + command + "' (comando sconosciuto): "
                        + "use serve, demo, doctor, tenant, backup or restore");
                System.exit(2);
            }
        }
        ConfigurableApplicationContext context = app.run(rest);
        if ("doctor".equals(command) || "tenant".equals(command) || "backup".equals(command)
                || "restore".equals(command)) {
            System.exit(SpringApplication.exit(context));
        }
    }
}
