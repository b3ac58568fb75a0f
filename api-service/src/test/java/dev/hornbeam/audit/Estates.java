package dev.hornbeam.audit;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generated NDJSON audit inputs: accounts with S3 buckets, SQS queues and SNS topics, every policy distinct —
 * also after account ids are renamed (the Sid names the account's index), so no answer is shared and runs
 * take long enough to be stopped midway.
 */
public final class Estates {
  private Estates() {}

  /** {@code accounts} lines of {@code perAccount} resources; every third resource public. Returns the resource count. */
  public static int write(Path file, int accounts, int perAccount) throws IOException {
    int n = 0;
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int a = 0; a < accounts; a++) {
        String account = String.format("%012d", 200000000000L + a);
        StringBuilder line = new StringBuilder("{\"accountId\":\"" + account + "\",\"resources\":[");
        for (int r = 0; r < perAccount; r++, n++) {
          boolean open = n % 3 == 0;
          String principal = open ? "\"*\"" : "{\"AWS\":\"arn:aws:iam::" + account + ":role/app" + r + "\"}";
          String arn;
          String type;
          String action;
          switch (r % 3) {
            case 0 -> {
              arn = "arn:aws:s3:::bucket-" + account + "-" + r;
              type = "AWS::S3::Bucket";
              action = "s3:GetObject";
            }
            case 1 -> {
              arn = "arn:aws:sqs:us-east-1:" + account + ":queue-" + r;
              type = "AWS::SQS::Queue";
              action = "sqs:SendMessage";
            }
            default -> {
              arn = "arn:aws:sns:us-east-1:" + account + ":topic-" + r;
              type = "AWS::SNS::Topic";
              action = "sns:Publish";
            }
          }
          String resource = type.equals("AWS::S3::Bucket") ? arn + "/*" : arn;
          line.append(r == 0 ? "" : ",").append("{\"arn\":\"").append(arn).append("\",\"type\":\"").append(type)
              .append("\",\"policy\":{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"S").append(r).append("of").append(a)
              .append("\",\"Effect\":\"Allow\",\"Principal\":").append(principal).append(",\"Action\":\"").append(action)
              .append("\",\"Resource\":\"").append(resource).append("\"}]}}");
        }
        w.write(line.append("]}\n").toString());
      }
    }
    return n;
  }
}
