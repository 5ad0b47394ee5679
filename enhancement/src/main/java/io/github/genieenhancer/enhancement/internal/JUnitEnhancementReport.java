package io.github.genieenhancer.enhancement.internal;

import io.github.genieenhancer.core.GenieEnhancerException;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Optional;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The enhancement report's gate as JUnit XML (the Ant/Surefire format CI servers read): one test suite for the
 * session, a test case per check of the {@link ReportGate}. Written with the JDK's StAX writer, which escapes text.
 */
public final class JUnitEnhancementReport {
    private JUnitEnhancementReport() {
    }

    /** Renders the gate. */
    public static String render(ReportModel model, ReportGate gate) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "genie-enhancement");
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testsuite");
            String classname = "genie." + model.history().spaceId();
            xml.writeAttribute("name", "space " + model.history().spaceId() + " session "
                    + model.history().sessionId());
            xml.writeAttribute("tests", String.valueOf(gate.checks().size()));
            xml.writeAttribute("failures", String.valueOf(gate.checks().stream().filter(c -> !c.passed()).count()));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", "0");
            xml.writeAttribute("timestamp", model.history().createdAt().toString());
            xml.writeCharacters("\n    ");
            xml.writeStartElement("properties");
            property(xml, "sessionId", model.history().sessionId());
            property(xml, "stopReason", model.history().stopReason().map(Enum::name).orElse(""));
            property(xml, "targetAccuracy", fraction(model.history().targetAccuracy()));
            property(xml, "minAccuracy", fraction(gate.minAccuracy()));
            gate.minHeldOutAccuracy().ifPresent(min -> property(xml, "minHeldOutAccuracy", fraction(min)));
            property(xml, "minCoverage", fraction(gate.minCoverage()));
            Optional<ReportModel.Point> last = model.last();
            if (last.isPresent()) {
                property(xml, "finalRunId", last.get().runId());
                property(xml, "tuningAccuracy", fraction(last.get().tuning().accuracy()));
                property(xml, "tuningCounted", String.valueOf(last.get().tuning().counted()));
                property(xml, "tuningQuestions", String.valueOf(last.get().tuning().total()));
                last.get().heldOut().ifPresent(h -> {
                    property(xml, "heldOutAccuracy", fraction(h.accuracy()));
                    property(xml, "heldOutCounted", String.valueOf(h.counted()));
                    property(xml, "heldOutQuestions", String.valueOf(h.total()));
                });
            }
            xml.writeCharacters("\n    ");
            xml.writeEndElement();
            for (ReportGate.Check check : gate.checks()) {
                xml.writeCharacters("\n    ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", classname);
                xml.writeAttribute("name", check.name());
                xml.writeAttribute("time", "0");
                xml.writeStartElement(check.passed() ? "system-out" : "failure");
                if (check.passed()) {
                    xml.writeCharacters(xmlText(check.message()));
                } else {
                    xml.writeAttribute("type", check.type());
                    xml.writeAttribute("message", xmlText(check.message()));
                }
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new GenieEnhancerException("Cannot write the enhancement report's JUnit XML", e);
        }
        return out.toString();
    }

    private static void property(XMLStreamWriter xml, String name, String value) {
        try {
            xml.writeCharacters("\n      ");
            xml.writeEmptyElement("property");
            xml.writeAttribute("name", name);
            xml.writeAttribute("value", xmlText(value));
        } catch (XMLStreamException e) {
            throw new GenieEnhancerException("Cannot write the enhancement report's JUnit XML", e);
        }
    }

    private static String fraction(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** XML 1.0 cannot carry most control characters, even escaped: drop them. */
    private static String xmlText(String text) {
        return text.replaceAll("[\\p{Cc}&&[^\\t\\n\\r]]", "");
    }
}
