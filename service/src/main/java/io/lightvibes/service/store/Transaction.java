package io.lightvibes.service.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One transaction body: statements on a connection the backend has already opened a transaction
 * on, committed by the backend when the body returns, rolled back when it throws.
 *
 * @param <T> what the body hands back
 */
@FunctionalInterface
interface Transaction<T> {
    T run(Connection connection) throws SQLException;
}
