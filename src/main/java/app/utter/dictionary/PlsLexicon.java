package app.utter.dictionary;

import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

import app.utter.voices.Language;

/**
 * W3C Pronunciation Lexicon (PLS 1.0) files: alias entries become rules; phoneme entries, which Qwen3-TTS cannot
 * take, are reported by line. Read with StAX, never resolving DTDs or external entities.
 */
final class PlsLexicon {

    static final String NAMESPACE = "http://www.w3.org/2005/01/pronunciation-lexicon";
    static final String MEDIA_TYPE = "application/pls+xml";
    private static final String XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";

    /** A grapheme said as an alias, from the lexeme starting on {@code line}. */
    record Entry(int line, String grapheme, String alias) {
    }

    /** A lexeme left out, and why. */
    record Skipped(int line, String grapheme, String reason) {
    }

    /** What a file holds; {@code language} null when it is for every language (or not one Utter speaks). */
    record Parsed(Language language, List<Entry> entries, List<Skipped> skipped) {
    }

    /** The file could not be read as a lexicon; {@code line} is where that was found. */
    static final class Malformed extends Exception {
        final int line;

        Malformed(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private PlsLexicon() {
    }

    static Parsed read(InputStream in) throws Malformed {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader xml = null;
        try {
            xml = factory.createXMLStreamReader(in);
            xml.nextTag();
            if (!"lexicon".equals(xml.getLocalName()) || !NAMESPACE.equals(xml.getNamespaceURI())) {
                throw new Malformed(line(xml), "the file must start with a <lexicon> element in the PLS namespace "
                        + NAMESPACE);
            }
            Language language = languageOf(xml.getAttributeValue(XML_NAMESPACE, "lang"));
            List<Entry> entries = new ArrayList<>();
            List<Skipped> skipped = new ArrayList<>();
            while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
                if (!"lexeme".equals(xml.getLocalName())) {
                    throw new Malformed(line(xml), "expected <lexeme>, found <" + xml.getLocalName() + ">");
                }
                lexeme(xml, entries, skipped);
            }
            return new Parsed(language, entries, skipped);
        } catch (XMLStreamException broken) {
            int line = broken.getLocation() == null ? 0 : broken.getLocation().getLineNumber();
            String message = broken.getMessage();
            int cut = message == null ? -1 : message.indexOf("Message: ");
            throw new Malformed(line, cut >= 0 ? message.substring(cut + 9) : "the file is not well-formed XML");
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // nothing more was going to be read
                }
            }
        }
    }

    private static void lexeme(XMLStreamReader xml, List<Entry> entries, List<Skipped> skipped)
            throws XMLStreamException {
        int line = line(xml);
        List<String> graphemes = new ArrayList<>();
        String alias = null;
        boolean phoneme = false;
        while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
            String name = xml.getLocalName();
            String text = xml.getElementText().strip();
            switch (name) {
                case "grapheme" -> graphemes.add(text);
                case "alias" -> alias = alias == null ? text : alias;
                case "phoneme" -> phoneme = true;
                default -> { } // example and other elements say nothing about how to speak
            }
        }
        String grapheme = graphemes.isEmpty() ? "" : graphemes.getFirst();
        if (graphemes.isEmpty() || graphemes.stream().allMatch(String::isEmpty)) {
            skipped.add(new Skipped(line, grapheme, "the lexeme has no <grapheme>"));
        } else if (alias == null || alias.isEmpty()) {
            skipped.add(new Skipped(line, grapheme, phoneme
                    ? "phoneme entries cannot be spoken by Qwen3-TTS; give it an <alias> (how it is said in letters)"
                    : "the lexeme has neither <alias> nor <phoneme>"));
        } else {
            for (String each : graphemes) {
                entries.add(new Entry(line, each, alias));
            }
        }
    }

    static String write(List<PronunciationRule> rules, Language language) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("lexicon");
            xml.writeDefaultNamespace(NAMESPACE);
            xml.writeAttribute("version", "1.0");
            xml.writeAttribute("alphabet", "ipa");
            xml.writeAttribute("xml", XML_NAMESPACE, "lang", language == null ? "und" : language.code());
            for (PronunciationRule rule : rules) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("lexeme");
                xml.writeStartElement("grapheme");
                xml.writeCharacters(rule.phrase());
                xml.writeEndElement();
                xml.writeStartElement("alias");
                xml.writeCharacters(rule.alias());
                xml.writeEndElement();
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Could not write a lexicon", e);
        }
        return out.toString();
    }

    private static Language languageOf(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        return Language.parse(tag.strip().split("[-_]")[0]).filter(found -> found != Language.AUTO).orElse(null);
    }

    private static int line(XMLStreamReader xml) {
        return xml.getLocation() == null ? 0 : xml.getLocation().getLineNumber();
    }
}
