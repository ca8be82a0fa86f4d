package io.lightvibes.sim.photonics;

import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exact binomial and multinomial variates, so a block of 10^9 pulses costs a handful of draws
 * instead of 10^9 Bernoulli trials, without the bias of a normal approximation.
 *
 * <p>Algorithms: for {@code n·min(p, 1-p) < 30}, sequential inversion of the distribution function
 * (Kachitvichyanukul &amp; Schmeiser 1988, algorithm BINV); otherwise BTPE ("Binomial, Triangle,
 * Parallelogram, Exponential"), the exact acceptance-rejection algorithm of V. Kachitvichyanukul
 * &amp; B. W. Schmeiser, "Binomial random variate generation", Commun. ACM 31(2), 216-222 (1988),
 * which is also what NumPy's {@code Generator.binomial} uses. Its final acceptance test compares
 * with the log of f(y)/f(m) written with Stirling's series; the correction terms carry the signs
 * of ln m! - ln y! + ln(n-m)! - ln(n-y)! (+, -, +, -), derived in {@link #stirlingTail}. A
 * multinomial is drawn as a chain of conditional binomials, which is exact.
 */
public final class Binomial {

    private static final double INVERSION_LIMIT = 30.0;

    private Binomial() {
    }

    /** One Binomial(n, p) variate. */
    public static long sample(RandomGenerator random, long n, double p) {
        Objects.requireNonNull(random, "random");
        if (n < 0 || !(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "Binomial needs n >= 0 and p in [0, 1], got n=%d, p=%s", n, p));
        }
        if (n == 0 || p == 0.0) {
            return 0;
        }
        if (p == 1.0) {
            return n;
        }
        double r = Math.min(p, 1.0 - p);
        long y = n * r < INVERSION_LIMIT ? inversion(random, n, r) : btpe(random, n, r);
        return p > 0.5 ? n - y : y;
    }

    /**
     * One Multinomial(n, weights / sum(weights)) variate. Weights must be finite and non-negative
     * with a positive sum unless {@code n == 0}.
     */
    public static long[] multinomial(RandomGenerator random, long n, double[] weights) {
        Objects.requireNonNull(weights, "weights");
        double rest = 0.0;
        for (double weight : weights) {
            if (!(weight >= 0.0 && Double.isFinite(weight))) {
                throw new IllegalArgumentException("multinomial weights must be finite and >= 0");
            }
            rest += weight;
        }
        long[] counts = new long[weights.length];
        if (n == 0 || weights.length == 0) {
            return counts;
        }
        if (rest <= 0.0) {
            throw new IllegalArgumentException("multinomial weights must not all be zero");
        }
        long remaining = n;
        for (int i = 0; i < weights.length - 1 && remaining > 0; i++) {
            double share = rest > 0.0 ? Math.min(1.0, weights[i] / rest) : 1.0;
            counts[i] = sample(random, remaining, share);
            remaining -= counts[i];
            rest -= weights[i];
        }
        counts[weights.length - 1] += remaining;
        return counts;
    }

    /** BINV: walk up the distribution function from 0, restarting in the (never reached) far tail. */
    private static long inversion(RandomGenerator random, long n, double r) {
        double q = 1.0 - r;
        double s = r / q;
        double qn = Math.exp(n * Math.log1p(-r));
        double bound = Math.min(n, n * r + 10.0 * Math.sqrt(n * r * q + 1.0));
        while (true) {
            long x = 0;
            double px = qn;
            double u = random.nextDouble();
            boolean restart = false;
            while (u > px) {
                x++;
                if (x > bound) {
                    restart = true;
                    break;
                }
                u -= px;
                px *= (n - x + 1) * s / x;
            }
            if (!restart) {
                return x;
            }
        }
    }

    /** BTPE for r &lt;= 1/2 and n r &gt;= 30; step numbers are the paper's. */
    private static long btpe(RandomGenerator random, long n, double r) {
        double q = 1.0 - r;
        double npq = n * r * q;
        double fm = n * r + r;
        long m = (long) Math.floor(fm);
        // Step 0: the hat: a triangle, two parallelograms and two exponential tails.
        double p1 = Math.floor(2.195 * Math.sqrt(npq) - 4.6 * q) + 0.5;
        double xm = m + 0.5;
        double xl = xm - p1;
        double xr = xm + p1;
        double c = 0.134 + 20.5 / (15.3 + m);
        double a = (fm - xl) / (fm - xl * r);
        double lambdaLeft = a * (1.0 + a / 2.0);
        a = (xr - fm) / (xr * q);
        double lambdaRight = a * (1.0 + a / 2.0);
        double p2 = p1 * (1.0 + 2.0 * c);
        double p3 = p2 + c / lambdaLeft;
        double p4 = p3 + c / lambdaRight;
        while (true) {
            double u = random.nextDouble() * p4;
            double v = random.nextDouble();
            long y;
            if (u <= p1) {
                // Step 1: the triangle lies under f entirely.
                return (long) Math.floor(xm - p1 * v + u);
            } else if (u <= p2) {
                // Step 2: parallelograms.
                double x = xl + (u - p1) / c;
                v = v * c + 1.0 - Math.abs(m - x + 0.5) / p1;
                if (v > 1.0) {
                    continue;
                }
                y = (long) Math.floor(x);
            } else if (u <= p3) {
                // Step 3: left exponential tail.
                y = (long) Math.floor(xl + Math.log(v) / lambdaLeft);
                if (y < 0) {
                    continue;
                }
                v = v * (u - p2) * lambdaLeft;
            } else {
                // Step 4: right exponential tail.
                y = (long) Math.floor(xr - Math.log(v) / lambdaRight);
                if (y > n) {
                    continue;
                }
                v = v * (u - p3) * lambdaRight;
            }
            if (accepts(n, r, q, npq, m, xm, y, v)) {
                return y;
            }
        }
    }

    /** Steps 5.0-5.3: is v below f(y)/f(m)? Explicitly near the mode, else by squeeze and Stirling. */
    private static boolean accepts(long n, double r, double q, double npq, long m, double xm, long y, double v) {
        long k = Math.abs(y - m);
        if (k <= 20 || k >= npq / 2.0 - 1.0) {
            // Step 5.1: f(i)/f(i-1) = ((n + 1)/i - 1) r/q, multiplied from the mode to y.
            double s = r / q;
            double a = s * (n + 1);
            double f = 1.0;
            if (m < y) {
                for (long i = m + 1; i <= y; i++) {
                    f *= a / i - s;
                }
            } else if (m > y) {
                for (long i = y + 1; i <= m; i++) {
                    f /= a / i - s;
                }
            }
            return v <= f;
        }
        // Step 5.2: squeeze with bounds on ln(f(y)/f(m)) around the normal approximation.
        double rho = (k / npq) * ((k * (k / 3.0 + 0.625) + 1.0 / 6.0) / npq + 0.5);
        double t = -(double) k * k / (2.0 * npq);
        double logV = Math.log(v);
        if (logV < t - rho) {
            return true;
        }
        if (logV > t + rho) {
            return false;
        }
        // Step 5.3: the exact log ratio by Stirling's formula.
        double x1 = y + 1.0;
        double f1 = m + 1.0;
        double z = n + 1.0 - m;
        double w = n - y + 1.0;
        double logRatio = xm * Math.log(f1 / x1)
                + (n - m + 0.5) * Math.log(z / w)
                + (y - m) * Math.log(w * r / (x1 * q))
                + stirlingTail(f1) - stirlingTail(x1) + stirlingTail(z) - stirlingTail(w);
        return logV <= logRatio;
    }

    /**
     * ln Gamma(x) - [(x - 1/2) ln x - x + ln(2 pi)/2] = 1/(12x) - 1/(360x^3) + 1/(1260x^5) -
     * 1/(1680x^7) + 1/(1188x^9) - ...; with ln k! = ln Gamma(k + 1), the log ratio of step 5.3 is
     * xm ln(f1/x1) + (n - m + 1/2) ln(z/w) + (y - m) ln(w r/(x1 q)) + tail(f1) - tail(x1) + tail(z) - tail(w).
     */
    static double stirlingTail(double x) {
        double x2 = x * x;
        return (13860.0 - (462.0 - (132.0 - (99.0 - 140.0 / x2) / x2) / x2) / x2) / x / 166320.0;
    }
}
