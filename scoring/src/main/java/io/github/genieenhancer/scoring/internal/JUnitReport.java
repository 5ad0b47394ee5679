package io.github.genieenhancer.scoring.internal;

import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.score.PairedScore;
import io.github.genieenhancer.core.score.QuestionResult;
import io.github.genieenhancer.core.score.ScoreReport;
import io.github.genieenhancer.core.score.Verdict;
import io.github.genieenhancer.scoring.ScoreReports;
import io.github.genieenhancer.scoring.ScoreReports.JUnitStyle;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML (the Ant/Surefire format CI servers read): a test suite per run, a test case per question, one for
 * the accuracy target and one for the run's completeness (coverage at least the minimum, one version of the space).
 * Written with the JDK's StAX writer, so text is escaped by the writer.
 */
public final class JUnitReport {
    private JUnitReport() {
    }

    /** Renders the reports. */
    public static String render(ScoreReports reports, JUnitStyle style) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "genie-benchmarks");
            for (ScoreReport run : reports.runs()) {
                writeSuite(xml, run, reports, style);
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new GenieEnhancerException("Cannot write the JUnit report", e);
        }
        return out.toString();
    }

    private static void writeSuite(XMLStreamWriter xml, ScoreReport run, ScoreReports reports, JUnitStyle style)
            throws XMLStreamException {
        double target = reports.targetAccuracy();
        boolean gateFails = run.accuracy() < target;
        Optional<String> incomplete = ReportText.incompleteness(run, reports.minCoverage());
        long failures = (gateFails ? 1 : 0) + (incomplete.isPresent() ? 1 : 0)
                + (style == JUnitStyle.QUESTION_FAILURES ? run.results().stream()
                .filter(r -> isFailure(r.verdict())).count() : 0);
        long errors = style == JUnitStyle.QUESTION_FAILURES ? run.counts().get(Verdict.ERROR) : 0;
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", "space " + run.spaceId() + " run " + run.runId());
        xml.writeAttribute("tests", String.valueOf(run.results().size() + 2));
        xml.writeAttribute("failures", String.valueOf(failures));
        xml.writeAttribute("errors", String.valueOf(errors));
        xml.writeAttribute("skipped", String.valueOf(run.counts().get(Verdict.EXCLUDED)));
        xml.writeAttribute("time", seconds(Duration.between(run.startedAt(), run.finishedAt())));
        xml.writeAttribute("timestamp", run.startedAt().toString());
        xml.writeCharacters("\n    ");
        xml.writeStartElement("properties");
        property(xml, "spaceId", run.spaceId());
        property(xml, "spaceVersion", run.spaceVersion());
        property(xml, "spaceVersions", String.join(",", run.spaceVersions()));
        property(xml, "accuracy", String.format(Locale.ROOT, "%.4f", run.accuracy()));
        property(xml, "counted", String.valueOf(run.counted()));
        property(xml, "questions", String.valueOf(run.results().size()));
        property(xml, "coverage", String.format(Locale.ROOT, "%.4f", run.coverage()));
        property(xml, "minCoverage", String.format(Locale.ROOT, "%.4f", reports.minCoverage()));
        property(xml, "targetAccuracy", String.format(Locale.ROOT, "%.4f", target));
        for (PairedScore pair : reports.comparisons()) {
            if (pair.afterRunId().equals(run.runId())) {
                property(xml, "pairedWith", pair.beforeRunId());
                property(xml, "pairedQuestions", String.valueOf(pair.paired()));
                property(xml, "pairedAccuracyBefore", String.format(Locale.ROOT, "%.4f", pair.accuracyBefore()));
                property(xml, "pairedAccuracyAfter", String.format(Locale.ROOT, "%.4f", pair.accuracyAfter()));
            }
        }
        xml.writeCharacters("\n    ");
        xml.writeEndElement();

        xml.writeCharacters("\n    ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", "genie." + run.spaceId());
        xml.writeAttribute("name", "accuracy >= " + ReportText.percent(target));
        xml.writeAttribute("time", "0");
        if (gateFails) {
            xml.writeStartElement("failure");
            xml.writeAttribute("type", "ACCURACY_BELOW_TARGET");
            xml.writeAttribute("message", "accuracy " + ReportText.accuracyLine(run) + " is below the target of "
                    + ReportText.percent(target));
            xml.writeEndElement();
        }
        xml.writeEndElement();
        writeCompleteness(xml, run, reports.minCoverage(), incomplete);
        for (QuestionResult result : run.results()) {
            writeCase(xml, run, result, style);
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    /** The test case that fails when nothing may be decided on the run: too few questions counted, or mixed. */
    private static void writeCompleteness(XMLStreamWriter xml, ScoreReport run, double minCoverage,
                                          Optional<String> incomplete) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", "genie." + run.spaceId());
        xml.writeAttribute("name", "coverage >= " + ReportText.percent(minCoverage)
                + " of one space version");
        xml.writeAttribute("time", "0");
        if (incomplete.isPresent()) {
            xml.writeStartElement("failure");
            xml.writeAttribute("type", "INCOMPLETE_RUN");
            xml.writeAttribute("message", clean(incomplete.get()));
            xml.writeEndElement();
        } else {
            xml.writeStartElement("system-out");
            xml.writeCharacters("accuracy over " + ReportText.coverage(run) + " questions");
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void writeCase(XMLStreamWriter xml, ScoreReport run, QuestionResult result, JUnitStyle style)
            throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", "genie." + run.spaceId());
        xml.writeAttribute("name", clean(result.benchmarkId() + ": " + result.question()));
        xml.writeAttribute("time", seconds(result.genieTime().plus(result.sqlTime())));
        String message = result.verdict() + " " + result.reason() + ": " + result.explanation();
        if (result.verdict() == Verdict.EXCLUDED) {
            xml.writeStartElement("skipped");
            xml.writeAttribute("message", clean(message));
            xml.writeEndElement();
        } else if (style == JUnitStyle.QUESTION_FAILURES && isFailure(result.verdict())) {
            xml.writeStartElement("failure");
            xml.writeAttribute("type", result.reason().name());
            xml.writeAttribute("message", clean(message));
            xml.writeCharacters(clean(details(result)));
            xml.writeEndElement();
        } else if (style == JUnitStyle.QUESTION_FAILURES && result.verdict() == Verdict.ERROR) {
            xml.writeStartElement("error");
            xml.writeAttribute("type", result.reason().name());
            xml.writeAttribute("message", clean(message));
            xml.writeCharacters(clean(details(result)));
            xml.writeEndElement();
        } else {
            xml.writeStartElement("system-out");
            xml.writeCharacters(clean(message + "\n" + details(result)));
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static boolean isFailure(Verdict verdict) {
        return verdict == Verdict.INCORRECT || verdict == Verdict.NO_SQL || verdict == Verdict.NEEDS_REVIEW;
    }

    private static String details(QuestionResult result) {
        StringBuilder text = new StringBuilder();
        result.notes().forEach(note -> text.append(note).append('\n'));
        text.append("Expected SQL:\n").append(result.expectedSql()).append('\n');
        text.append("Genie's SQL:\n").append(result.genieSql().orElse("(none)")).append('\n');
        return text.toString();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeCharacters("\n      ");
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", clean(value));
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toMillis() / 1000.0);
    }

    /** XML 1.0 cannot carry most control characters, even escaped: drop them. */
    private static String clean(String text) {
        return HtmlReport.printable(text);
    }
}
