package io.lightvibes.service.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Turns the database URLs an operator may write into the JDBC URL the store opens. Besides the
 * JDBC forms it accepts the prototype's SQLAlchemy URLs, so an existing {@code .env} keeps working.
 */
final class DatabaseUrls {

    private static final String HINT =
            "use jdbc:sqlite:PATH (embedded) or jdbc:postgresql://HOST:PORT/DB?user=USER (scale-out)";

    private DatabaseUrls() {
    }

    /** The JDBC URL, or empty text for "derive it from STATE_DIR". */
    static String normalize(String url) {
        if (url.isEmpty()) {
            return url;
        }
        if (url.startsWith("jdbc:sqlite:")) {
            String path = url.substring("jdbc:sqlite:".length());
            if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file::memory:")) {
                throw new IllegalArgumentException(
                        "needs a file path: an in-memory SQLite database would vanish between connections; " + HINT);
            }
            return url;
        }
        if (url.startsWith("jdbc:postgresql://")) {
            return url;
        }
        if (url.startsWith("sqlite+aiosqlite:///")) {
            return normalize("jdbc:sqlite:" + url.substring("sqlite+aiosqlite:///".length()));
        }
        if (url.startsWith("postgresql+asyncpg://") || url.startsWith("postgresql://")) {
            return fromSqlAlchemyPostgres(url.substring(url.indexOf("://") + 3));
        }
        // The text may hold a password, so it is not echoed back.
        throw new IllegalArgumentException("unsupported database URL; " + HINT);
    }

    private static String fromSqlAlchemyPostgres(String rest) {
        URI uri;
        try {
            uri = new URI("postgresql://" + rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the database URL cannot be parsed; " + HINT);
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new IllegalArgumentException("the PostgreSQL URL needs a host and a database; " + HINT);
        }
        var jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(uri.getRawPath());
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            jdbc.append("?user=").append(colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (colon >= 0) {
                jdbc.append("&password=").append(userInfo.substring(colon + 1));
            }
        }
        return jdbc.toString();
    }
}
