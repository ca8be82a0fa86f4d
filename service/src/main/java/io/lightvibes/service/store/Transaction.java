package io.lightvibes.service.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One transaction body: statements on a connection the backend has already opened a transaction
 * on, committed by the backend when the body returns, rolled back when it throws.
 *
 * <p>A body may run more than once: when another write of its group throws, the group is rolled
 * back and run again ({@link WriteGroup#commitOn}). So a body acts only through the connection
 * and what it returns, never on state outside it.
 *
 * @param <T> what the body hands back
 */
@FunctionalInterface
interface Transaction<T> {
    T run(Connection connection) throws SQLException;
}
