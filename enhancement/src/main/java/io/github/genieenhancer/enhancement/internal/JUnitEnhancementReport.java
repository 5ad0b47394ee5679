package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.GenieEnhancerException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The enhancement report's gate as JUnit XML (the Ant/Surefire format CI servers read): one test suite for the
 * session, a test case per check of the {@link ReportGate}. Written with the JDK's StAX writer, which escapes text.
 */
public final class JUnitEnhancementReport {
    private final XMLStreamWriter xml;
    private int depth;

    private JUnitEnhancementReport(XMLStreamWriter xml) {
        this.xml = xml;
    }

    /** Renders the gate. */
    public static String render(ReportModel model, ReportGate gate) {
        StringWriter out = new StringWriter();
        try {
            new JUnitEnhancementReport(XMLOutputFactory.newFactory().createXMLStreamWriter(out)).write(model, gate);
        } catch (XMLStreamException e) {
            throw new GenieEnhancerException("Cannot write the enhancement report's JUnit XML", e);
        }
        return out.toString();
    }

    private void write(ReportModel model, ReportGate gate) throws XMLStreamException {
        String classname = "genie." + model.history().spaceId();
        xml.writeStartDocument("UTF-8", "1.0");
        open("testsuites", "name", "genie-enhancement");
        open("testsuite", "name", "space " + model.history().spaceId() + " session " + model.history().sessionId(),
                "tests", String.valueOf(gate.checks().size()),
                "failures", String.valueOf(gate.checks().stream().filter(c -> !c.passed()).count()),
                "errors", "0", "skipped", "0", "timestamp", model.history().createdAt().toString());
        open("properties");
        for (Map.Entry<String, String> property : properties(model, gate).entrySet()) {
            leaf("property", "name", property.getKey(), "value", property.getValue());
        }
        close();
        for (ReportGate.Check check : gate.checks()) {
            open("testcase", "classname", classname, "name", check.name(), "time", "0");
            if (check.passed()) {
                indent();
                xml.writeStartElement("system-out");
                xml.writeCharacters(xmlText(check.message()));
                xml.writeEndElement();
            } else {
                leaf("failure", "type", check.type(), "message", check.message());
            }
            close();
        }
        close();
        close();
        xml.writeCharacters("\n");
        xml.writeEndDocument();
        xml.close();
    }

    private static Map<String, String> properties(ReportModel model, ReportGate gate) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("sessionId", model.history().sessionId());
        properties.put("stopReason", model.history().stopReason().map(Enum::name).orElse(""));
        properties.put("targetAccuracy", fraction(model.history().targetAccuracy()));
        properties.put("minAccuracy", fraction(gate.minAccuracy()));
        gate.minHeldOutAccuracy().ifPresent(min -> properties.put("minHeldOutAccuracy", fraction(min)));
        properties.put("minCoverage", fraction(gate.minCoverage()));
        model.last().ifPresent(last -> {
            properties.put("finalRunId", last.runId());
            properties.put("tuningAccuracy", fraction(last.tuning().accuracy()));
            properties.put("tuningCounted", String.valueOf(last.tuning().counted()));
            properties.put("tuningQuestions", String.valueOf(last.tuning().total()));
            last.heldOut().ifPresent(h -> {
                properties.put("heldOutAccuracy", fraction(h.accuracy()));
                properties.put("heldOutCounted", String.valueOf(h.counted()));
                properties.put("heldOutQuestions", String.valueOf(h.total()));
            });
        });
        return properties;
    }

    /** Starts an element on its own line, with attributes given as name, value pairs. */
    private void open(String name, String... attributes) throws XMLStreamException {
        indent();
        xml.writeStartElement(name);
        attributes(attributes);
        depth++;
    }

    private void leaf(String name, String... attributes) throws XMLStreamException {
        indent();
        xml.writeEmptyElement(name);
        attributes(attributes);
    }

    private void close() throws XMLStreamException {
        depth--;
        indent();
        xml.writeEndElement();
    }

    private void attributes(String... attributes) throws XMLStreamException {
        for (int i = 0; i < attributes.length; i += 2) {
            xml.writeAttribute(attributes[i], xmlText(attributes[i + 1]));
        }
    }

    private void indent() throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth));
    }

    private static String fraction(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** XML 1.0 cannot carry most control characters, even escaped: drop them. */
    private static String xmlText(String text) {
        return text.replaceAll("[\\p{Cc}&&[^\\t\\n\\r]]", "");
    }
}
