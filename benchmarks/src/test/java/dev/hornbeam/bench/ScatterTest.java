package dev.hornbeam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The z3-vs-cvc5 scatter plot from a small corpus-run CSV: SVG and PNG written, undecided queries on the border. */
class ScatterTest {
  @TempDir Path dir;

  @Test
  void plotsEveryQueryRunOnBothSolvers() throws Exception {
    Path csv = dir.resolve("run.csv");
    Files.write(csv, List.of("query,config,result,winner,solver_ms_median,wall_ms_median",
        "s3__a,z3,SAT,z3,40.5,41.0", "s3__a,cvc5,SAT,cvc5,5.1,6.0",
        "\"sqs__b, with a comma\",z3,UNSAT,z3,1.2,2.0", "\"sqs__b, with a comma\",cvc5,UNSAT,cvc5,1.5,2.1",
        "kms__c,z3,TIMEOUT,,10000,10001", "kms__c,cvc5,UNSAT,cvc5,20.0,21.0",
        "sns__d,race,SAT,cvc5,3.0,4.0"));
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new BenchCli());
    cl.setOut(new PrintWriter(out));
    int code = cl.execute("scatter", "--csv", csv.toString(), "--out", dir.resolve("plot").toString(), "--timeout", "10000");
    assertEquals(0, code, out.toString());
    assertTrue(out.toString().startsWith("3 queries: z3 faster on 1, cvc5 faster on 2; 1 undecided"), out.toString());
    String svg = Files.readString(dir.resolve("plot.svg"));
    // VectorGraphics2D draws text as outlines: check for an SVG document with drawn paths.
    assertTrue(svg.contains("<svg") && svg.contains("<path") && svg.length() > 10_000, "an SVG drawing");
    BufferedImage png = ImageIO.read(dir.resolve("plot.png").toFile());
    assertEquals(900, png.getWidth());
    Set<Integer> colours = new HashSet<>();
    for (int x = 0; x < png.getWidth(); x += 7) {
      for (int y = 0; y < png.getHeight(); y += 7) {
        colours.add(png.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 5, "a drawn chart, not a blank image: " + colours.size() + " colours");
  }

  @Test
  void quotedFieldsAreRead() {
    assertEquals(List.of("a, b", "say \"hi\"", ""), Scatter.fields("\"a, b\",\"say \"\"hi\"\"\","));
  }
}
