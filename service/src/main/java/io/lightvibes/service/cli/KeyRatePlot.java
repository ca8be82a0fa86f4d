package io.lightvibes.service.cli;

import io.lightvibes.sim.theory.SimulationPoint;
import io.lightvibes.sim.theory.TheoryCurve;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.text.DecimalFormat;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The figure of {@code lightvibes simulate --plot}: secret key rate per pulse against distance, the
 * simulated blocks as points beside the decoy-state theory curve and the PLOB bound (log scale).
 */
final class KeyRatePlot {

    private static final double FLOOR = 1e-12; // a log axis has no zero: rates below it are not drawn

    private KeyRatePlot() {
    }

    static void write(List<SimulationPoint> points, TheoryCurve theory, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        var simulated = new XYSeries("simulated blocks (finite key)");
        for (SimulationPoint point : points) {
            double rate = ((Number) point.toMap().get("secret_key_rate_per_pulse")).doubleValue();
            if (rate > FLOOR) {
                simulated.add(point.statistics().distanceKm(), rate);
            }
        }
        var bound = new XYSeries("decoy-state theory (asymptotic)");
        var plob = new XYSeries("PLOB bound");
        for (int i = 0; i < theory.distanceKm().size(); i++) {
            double km = theory.distanceKm().get(i);
            if (theory.keyRatePerPulse().get(i) > FLOOR) {
                bound.add(km, theory.keyRatePerPulse().get(i));
            }
            if (theory.plobBoundPerPulse().get(i) > FLOOR) {
                plob.add(km, theory.plobBoundPerPulse().get(i));
            }
        }
        var data = new XYSeriesCollection();
        data.addSeries(simulated);
        data.addSeries(bound);
        data.addSeries(plob);
        var renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesShapesVisible(0, true);
        renderer.setSeriesPaint(0, new Color(0xC0392B));
        for (int series = 1; series <= 2; series++) {
            renderer.setSeriesShapesVisible(series, false);
            renderer.setSeriesStroke(series, new BasicStroke(2f));
        }
        renderer.setSeriesPaint(1, new Color(0x2471A3));
        renderer.setSeriesPaint(2, new Color(0x7F8C8D));
        var rateAxis = new LogAxis("secret key bits per pulse");
        rateAxis.setSmallestValue(FLOOR);
        rateAxis.setTickUnit(new NumberTickUnit(1.0)); // one tick per power of ten
        rateAxis.setNumberFormatOverride(new DecimalFormat("0E0"));
        var plot = new XYPlot(data, new NumberAxis("fibre length (km)"), rateAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        var chart = new JFreeChart("Decoy-state BB84: key rate vs distance", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 560);
    }
}
