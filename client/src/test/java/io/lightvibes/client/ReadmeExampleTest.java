package io.lightvibes.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's SDK example, exactly as printed there, compiles and runs against a real service
 * (only its URL and key path are pointed at the test's).
 */
class ReadmeExampleTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern EXAMPLE = Pattern.compile("<!-- sdk-example -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theReadmeExampleRuns(@TempDir Path state, @TempDir Path build) throws Exception {
        Matcher found = EXAMPLE.matcher(Files.readString(README, StandardCharsets.UTF_8));
        assertThat(found.find()).as("README.md has a ```java block after <!-- sdk-example -->").isTrue();
        String example = found.group(1);
        assertThat(example.lines().count()).isLessThanOrEqualTo(12);

        try (LocalService service = new LocalService(state)) {
            String pointed = example.replace("\"http://127.0.0.1:8000\"", "\"" + service.url() + "\"")
                    .replace("Path.of(\".lightvibes/recipient.key\")", "Path.of(\"" + service.recipientKey + "\")");
            assertThat(pointed).isNotEqualTo(example);
            String output = run(wrap(pointed), build);

            assertThat(output).contains("PQC key of 256 bits").contains("OK");
        }
    }

    private static String wrap(String body) {
        return """
                import io.lightvibes.client.*;
                import io.lightvibes.service.secrets.SecretBytes;
                import java.nio.file.Path;

                public class Example {
                    public static void main(String[] args) {
                %s
                    }
                }
                """.formatted(body);
    }

    /** Compiles {@code source} against this JVM's class path and runs its main, returning what it printed. */
    private static String run(String source, Path build) throws Exception {
        Path file = build.resolve("Example.java");
        Files.writeString(file, source, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, "-classpath", System.getProperty("java.class.path"),
                "-d", build.toString(), file.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {build.toUri().toURL()},
                ReadmeExampleTest.class.getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("Example").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
