package io.acme.orders.config;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.regions.Regions;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class AwsConfig {

    private static final String ACCESS_KEY = "AKIA3MCMBJPHB7YXQUFZ";
    private static final String SECRET_KEY = "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";

    @Bean
    public AmazonS3 labelsBucket() {
        BasicAWSCredentials credentials = new BasicAWSCredentials(ACCESS_KEY, SECRET_KEY);
        return AmazonS3ClientBuilder.standard()
                .withRegion(Regions.EU_WEST_1)
                .withCredentials(new AWSStaticCredentialsProvider(credentials))
                .build();
    }

    /** Reads the key id from the environment in production; see application-prod.yml. */
    static String accessKeyFromEnv() {
        return System.getenv("AWS_ACCESS_KEY_ID");
    }
}
