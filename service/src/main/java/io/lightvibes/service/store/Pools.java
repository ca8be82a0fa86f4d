package io.lightvibes.service.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Borrowing from a HikariCP pool, with its timeout told apart: cannot connect, or every connection busy. */
final class Pools {

    private Pools() {
    }

    static Connection borrow(HikariDataSource pool) throws SQLException {
        try {
            return pool.getConnection();
        } catch (SQLTransientConnectionException e) {
            // Hikari keeps the last failure to connect as the cause; without one, every connection was in use.
            throw e.getCause() != null ? new BackendFailure.ConnectFailed(e.getCause()) : new BackendFailure.PoolBusy(e);
        }
    }
}
