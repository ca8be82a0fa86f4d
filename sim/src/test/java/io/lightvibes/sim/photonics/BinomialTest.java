package io.lightvibes.sim.photonics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The exact samplers against the binomial law itself: chi-square goodness of fit on the whole
 * distribution (both the inversion and the BTPE branch, and p above 1/2), and mean and variance
 * at the sizes a 10^9-pulse block uses. Kachitvichyanukul &amp; Schmeiser, Commun. ACM 31, 216 (1988).
 */
class BinomialTest {

    /** Upper 10^-4 quantile of chi-square with df degrees of freedom (Wilson-Hilferty). */
    private static double chiSquareCritical(int df) {
        double z = 3.719;
        double a = 2.0 / (9.0 * df);
        return df * Math.pow(1.0 - a + z * Math.sqrt(a), 3);
    }

    @ParameterizedTest(name = "n={0}, p={1}")
    @CsvSource({"40, 0.3", "100, 0.4", "1000, 0.05", "5000, 0.5", "200, 0.93", "3, 0.5", "100000, 0.0004"})
    void wholeDistributionFitsTheBinomialLaw(long n, double p) {
        var random = new SplittableRandom(n * 31 + (long) (p * 1e6));
        int draws = 200_000;
        long[] histogram = new long[(int) n + 1];
        for (int i = 0; i < draws; i++) {
            histogram[(int) Binomial.sample(random, n, p)]++;
        }
        var expectedBins = new java.util.ArrayList<Double>();
        var observedBins = new java.util.ArrayList<Long>();
        double pooledExpected = 0.0;
        long pooledObserved = 0;
        double logPmf = n * Math.log1p(-p);
        for (int k = 0; k <= n; k++) {
            if (k > 0) {
                logPmf += Math.log((double) (n - k + 1) / k) + Math.log(p / (1 - p));
            }
            pooledExpected += draws * Math.exp(logPmf);
            pooledObserved += histogram[k];
            if (pooledExpected >= 20.0) {
                expectedBins.add(pooledExpected);
                observedBins.add(pooledObserved);
                pooledExpected = 0.0;
                pooledObserved = 0;
            }
        }
        int last = expectedBins.size() - 1;
        expectedBins.set(last, expectedBins.get(last) + pooledExpected);
        observedBins.set(last, observedBins.get(last) + pooledObserved);
        double chiSquare = 0.0;
        for (int i = 0; i <= last; i++) {
            chiSquare += Math.pow(observedBins.get(i) - expectedBins.get(i), 2) / expectedBins.get(i);
        }
        int bins = last + 1;
        assertThat(chiSquare).isLessThan(chiSquareCritical(bins - 1));
    }

    @ParameterizedTest(name = "n={0}, p={1}")
    @CsvSource({"1000000000, 0.0044", "1000000000, 0.9", "200000000, 0.00001", "20000000000, 0.0000000017"})
    void meanAndVarianceMatchAtBlockSizes(long n, double p) {
        var random = new SplittableRandom(5);
        int draws = 20_000;
        double sum = 0.0;
        double sumSquares = 0.0;
        for (int i = 0; i < draws; i++) {
            double x = Binomial.sample(random, n, p);
            sum += x;
            sumSquares += x * x;
        }
        double mean = sum / draws;
        double variance = sumSquares / draws - mean * mean;
        double expectedVariance = n * p * (1 - p);
        assertThat(Math.abs(mean - n * p)).isLessThan(5 * Math.sqrt(expectedVariance / draws));
        // The sample variance of 20 000 draws is within about 5 % of the truth.
        assertThat(variance / expectedVariance).isBetween(0.95, 1.05);
    }

    @Test
    void multinomialCountsAddUpAndFollowTheWeights() {
        var random = new SplittableRandom(9);
        double[] weights = {0.6, 0.3, 0.1};
        long n = 1_000_000_000L;
        for (int round = 0; round < 20; round++) {
            long[] counts = Binomial.multinomial(random, n, weights);
            assertThat(counts[0] + counts[1] + counts[2]).isEqualTo(n);
            for (int k = 0; k < 3; k++) {
                double sd = Math.sqrt(n * weights[k] * (1 - weights[k]));
                assertThat(Math.abs(counts[k] - n * weights[k])).isLessThan(5 * sd);
            }
        }
        assertThat(Binomial.multinomial(random, 0, weights)).containsExactly(0, 0, 0);
        assertThat(Binomial.multinomial(random, 10, new double[] {0, 2, 0})).containsExactly(0, 10, 0);
    }

    @Test
    void edgesAndBadArguments() {
        var random = new SplittableRandom(1);
        assertThat(Binomial.sample(random, 0, 0.3)).isZero();
        assertThat(Binomial.sample(random, 17, 0.0)).isZero();
        assertThat(Binomial.sample(random, 17, 1.0)).isEqualTo(17);
        assertThatThrownBy(() -> Binomial.sample(random, -1, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Binomial.sample(random, 5, Double.NaN)).hasMessageContaining("p in [0, 1]");
        assertThatThrownBy(() -> Binomial.multinomial(random, 5, new double[] {0, 0}))
                .hasMessageContaining("zero");
    }

    @Test
    void stirlingTailIsTheSeriesRemainder() {
        // ln 10! exactly against (x - 1/2) ln x - x + ln(2 pi)/2 + tail(x) at x = 11.
        double x = 11;
        double lnFactorial10 = Math.log(3628800.0);
        double stirling = (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + Binomial.stirlingTail(x);
        assertThat(stirling).isCloseTo(lnFactorial10, org.assertj.core.data.Offset.offset(1e-12));
    }
}
