package io.lightvibes.service.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The writer's connection with its prepared statements kept for reuse: preparing is a large share
 * of a short SQLite write (profiled: about a third of the writer's native time with the evidence
 * log on), and the writer runs the same few statements over and over on one connection (on
 * PostgreSQL, a kept statement is also one the driver prepares on the server after a few uses).
 *
 * <p>{@code prepareStatement(sql)} hands out a kept statement when one of that text is free;
 * {@code close()} on it resets it (parameters and batch cleared) and keeps it instead of
 * finalising it. At most {@link #LIMIT} texts are kept (the {@code IN} lists vary in length), the
 * least recently used finalised first. Used on one thread only.
 */
final class CachedStatements {

    static final int LIMIT = 128;

    private final Connection connection;
    private final Map<String, Deque<PreparedStatement>> free = new LinkedHashMap<>(16, 0.75f, true);

    private CachedStatements(Connection connection) {
        this.connection = connection;
    }

    /** {@code connection} with statement reuse; closing the result closes every kept statement too. */
    static Connection wrap(Connection connection) {
        CachedStatements cache = new CachedStatements(connection);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                cache::onConnection);
    }

    private Object onConnection(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
            return borrow((String) args[0]);
        }
        if (method.getName().equals("close")) {
            finaliseAll();
        }
        return invoke(connection, method, args);
    }

    private PreparedStatement borrow(String sql) throws SQLException {
        Deque<PreparedStatement> kept = free.get(sql);
        PreparedStatement statement = kept == null || kept.isEmpty() ? connection.prepareStatement(sql) : kept.pop();
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, new Lent(sql, statement));
    }

    /** One use of a kept statement: close() gives it back rather than finalising it. */
    private final class Lent implements InvocationHandler {
        private final String sql;
        private final PreparedStatement statement;
        private boolean returned;

        Lent(String sql, PreparedStatement statement) {
            this.sql = sql;
            this.statement = statement;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (!method.getName().equals("close")) {
                return CachedStatements.invoke(statement, method, args);
            }
            if (!returned) {
                returned = true;
                keep(sql, statement);
            }
            return null;
        }
    }

    private void keep(String sql, PreparedStatement statement) throws SQLException {
        statement.clearParameters();
        statement.clearBatch();
        free.computeIfAbsent(sql, text -> new ArrayDeque<>()).push(statement);
        if (free.size() > LIMIT) {
            var eldest = free.entrySet().iterator().next();
            free.remove(eldest.getKey());
            for (PreparedStatement old : eldest.getValue()) {
                old.close();
            }
        }
    }

    private void finaliseAll() {
        for (Deque<PreparedStatement> kept : free.values()) {
            for (PreparedStatement statement : kept) {
                try {
                    statement.close();
                } catch (SQLException ignored) {
                    // The connection is closing; SQLite finalises what is left with it.
                }
            }
        }
        free.clear();
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
