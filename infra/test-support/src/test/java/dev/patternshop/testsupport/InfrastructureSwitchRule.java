package dev.patternshop.testsupport;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Reads integration tests' source (the JDK's own Java parser: no compiling, no classpath) and reports every IT
 * that bypasses the infrastructure switch ({@link TestInfrastructure}):
 *
 * <ol>
 *   <li>no IT, base class or test helper it uses constructs infrastructure itself (embedded servers,
 *       Testcontainers) or hard-codes a server's address;
 *   <li>every test that reaches {@link TestInfrastructure#embedded()} or an embedded server type (in its body,
 *       through a method of its class or base class it calls, in a lifecycle method or initializer, or through a
 *       helper class) carries {@link EmbeddedInfrastructureOnly} with a reason, on the method or the class; and
 *       the annotation is nowhere it is not needed (a test that could run on both paths is not skipped);
 *   <li>every IT that talks to Postgres, Redis or Kafka (a Spring Boot context, JDBC, Redis or Kafka clients)
 *       gets them through {@link RealInfrastructure} (on the class, a base class, or a composed annotation),
 *       {@link TestInfrastructure#shared()} / {@code embedded()} (in the class, a base class or a helper), or is
 *       skipped under Testcontainers as a whole.
 * </ol>
 *
 * Classes are matched by simple name within the IT's module (base classes, composed annotations, helpers).
 */
final class InfrastructureSwitchRule {

    /** Types only the embedded path has: using one is using the embedded infrastructure. */
    static final Set<String> EMBEDDED_TYPES = Set.of(
            "EmbeddedTestInfrastructure",
            "PostgresCluster",
            "PostgresServer",
            "RedisServer",
            "KafkaBroker",
            "LocalRuntime");

    /** Server types an IT must never make itself (LocalRuntime is the system under test of one, not a server). */
    static final Set<String> SERVER_TYPES = Set.of(
            "EmbeddedTestInfrastructure",
            "ContainerTestInfrastructure",
            "PostgresCluster",
            "PostgresServer",
            "RedisServer",
            "KafkaBroker");

    private static final Set<String> FACTORY_METHODS = Set.of("ephemeral", "durable");
    /** Testcontainers' server types (importing org.testcontainers at all is refused as well). */
    private static final Set<String> CONTAINER_TYPES = Set.of(
            "GenericContainer",
            "PostgreSQLContainer",
            "KafkaContainer",
            "ConfluentKafkaContainer",
            "RedisContainer",
            "ComposeContainer",
            "DockerComposeContainer");

    private static final Pattern HARD_CODED_ENDPOINT = Pattern.compile(
            "jdbc:postgresql://[^/\\s\"]*:\\d+|redis://[^/\\s\"]*:\\d+|bootstrap[.-]servers=\\S*:\\d+"
                    + "|spring\\.data\\.redis\\.port=\\d+|(?:localhost|127\\.0\\.0\\.1):(?:5432|6379|9092|1[56]\\d{3}|1909\\d)\\b");
    private static final Set<String> TEST_METHODS =
            Set.of("Test", "ParameterizedTest", "RepeatedTest", "TestFactory", "TestTemplate");
    private static final Set<String> INFRASTRUCTURE_IMPORTS = Set.of(
            "java.sql.",
            "javax.sql.",
            "org.springframework.jdbc.",
            "com.zaxxer.hikari.",
            "org.flywaydb.",
            "org.springframework.data.redis.",
            "io.lettuce.",
            "org.apache.kafka.",
            "org.springframework.kafka.",
            "dev.patternshop.testsupport.kafka.");
    private static final String ANNOTATION = "EmbeddedInfrastructureOnly";

    /** One source file to check: the module it belongs to (classes resolve within it), a name, the text. */
    record Source(String module, String name, String text) {}

    private final Map<String, Map<String, ClassFacts>> modules = new LinkedHashMap<>();
    private final List<ClassFacts> integrationTests = new ArrayList<>();

    private InfrastructureSwitchRule(List<Source> sources) {
        for (ClassFacts facts : parse(sources)) {
            modules.computeIfAbsent(facts.module, m -> new LinkedHashMap<>()).putIfAbsent(facts.name, facts);
            if (facts.name.endsWith("IT") && facts.kind == Tree.Kind.CLASS && !facts.isAbstract) {
                integrationTests.add(facts);
            }
        }
    }

    /** Every module's test sources under the repository root. */
    static InfrastructureSwitchRule ofRepository(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            List<Source> sources = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> {
                        // Build output and hidden folders hold no sources of ours.
                        for (Path segment : root.relativize(file)) {
                            if (segment.toString().equals("target")
                                    || segment.toString().startsWith(".")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .filter(file -> file.toString().contains("/src/test/java/"))
                    .map(file -> {
                        String path = root.relativize(file).toString();
                        try {
                            return new Source(
                                    path.substring(0, path.indexOf("src/test/java/")), path, Files.readString(file));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
            return new InfrastructureSwitchRule(sources);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InfrastructureSwitchRule of(List<Source> sources) {
        return new InfrastructureSwitchRule(sources);
    }

    List<String> integrationTestNames() {
        return integrationTests.stream().map(it -> it.name).toList();
    }

    /** Every breach, one line each, naming the file and what to do. */
    List<String> violations() {
        List<String> violations = new ArrayList<>();
        for (Map<String, ClassFacts> module : modules.values()) {
            for (ClassFacts facts : module.values()) {
                facts.annotationProblems.forEach(problem -> violations.add(facts.file + ": " + problem));
            }
        }
        for (ClassFacts it : integrationTests) {
            check(it, violations);
        }
        return violations;
    }

    private void check(ClassFacts it, List<String> violations) {
        List<ClassFacts> hierarchy = hierarchy(it);
        List<ClassFacts> helpers = helpers(it, hierarchy);
        String where = it.file + " (" + it.name + ")";

        // (a) nothing in reach makes servers of its own or hard-codes their addresses
        for (ClassFacts facts : concat(hierarchy, helpers)) {
            for (String construction : facts.constructions) {
                violations.add(where + ": " + describe(facts, it) + construction
                        + "; get servers from @RealInfrastructure or TestInfrastructure.shared()/embedded()");
            }
        }

        // (b) embedded use only where marked @EmbeddedInfrastructureOnly, and the mark only where needed
        boolean classMarked = hierarchy.stream().anyMatch(facts -> facts.classReason != null);
        Set<Member> tainted = tainted(hierarchy);
        boolean helperUsesEmbedded = false;
        for (ClassFacts helper : helpers) {
            for (Member member : helper.members) {
                if (member.embeddedUse != null) {
                    helperUsesEmbedded = true;
                    if (!classMarked) {
                        violations.add(where + ": uses helper " + helper.name + ", whose " + member.name
                                + " reaches " + member.embeddedUse
                                + "; mark the class @EmbeddedInfrastructureOnly(\"why\")");
                    }
                }
            }
        }
        for (ClassFacts facts : hierarchy) {
            for (Member member : facts.members) {
                boolean uses = tainted.contains(member);
                if (member.reason != null && !uses) {
                    violations.add(where + ": " + member.name + " is @EmbeddedInfrastructureOnly but reaches nothing"
                            + " embedded; it can run on both paths, so remove the mark");
                }
                if (!uses || member.reason != null || classMarked) {
                    continue;
                }
                if (member.role == Role.TEST || member.role == Role.CLASS_LEVEL) {
                    violations.add(where + ": " + describe(facts, it) + member.name + " reaches "
                            + embeddedUse(member, hierarchy) + " without @EmbeddedInfrastructureOnly(\"why\")"
                            + (member.role == Role.TEST ? " on the test or the class" : " on the class"));
                }
            }
        }
        if (it.classReason != null && tainted.isEmpty() && !helperUsesEmbedded) {
            violations.add(where + ": is @EmbeddedInfrastructureOnly but reaches nothing embedded; it can run on"
                    + " both paths, so remove the mark");
        }

        // (c) whatever it talks to, it gets through the switch
        Set<String> signals = new LinkedHashSet<>();
        boolean throughSwitch = classMarked;
        for (ClassFacts facts : concat(hierarchy, helpers)) {
            signals.addAll(facts.infrastructureSignals);
            throughSwitch |= facts.callsSwitch;
        }
        for (ClassFacts facts : hierarchy) {
            Set<String> annotations = annotationClosure(facts);
            throughSwitch |= annotations.contains("RealInfrastructure");
            if (annotations.contains("SpringBootTest")) {
                signals.add("@SpringBootTest");
            }
        }
        if (!signals.isEmpty() && !throughSwitch) {
            violations.add(where + ": talks to infrastructure (" + String.join(", ", signals) + ") but not through"
                    + " the switch: use @RealInfrastructure or TestInfrastructure.shared()");
        }
    }

    private static String describe(ClassFacts facts, ClassFacts it) {
        return facts == it ? "" : "(in " + facts.name + ") ";
    }

    private static String embeddedUse(Member member, List<ClassFacts> hierarchy) {
        if (member.embeddedUse != null) {
            return member.embeddedUse;
        }
        for (String call : member.calls) {
            for (ClassFacts facts : hierarchy) {
                for (Member callee : facts.members) {
                    if (callee.name.equals(call + "()") && callee.embeddedUse != null) {
                        return callee.embeddedUse + " (through " + call + "())";
                    }
                }
            }
        }
        return "embedded infrastructure (through the methods it calls)";
    }

    /** Members that use embedded infrastructure themselves or call (within the hierarchy) one that does. */
    private static Set<Member> tainted(List<ClassFacts> hierarchy) {
        Map<String, List<Member>> byName = new HashMap<>();
        List<Member> all = new ArrayList<>();
        for (ClassFacts facts : hierarchy) {
            for (Member member : facts.members) {
                all.add(member);
                if (member.role != Role.CLASS_LEVEL) {
                    byName.computeIfAbsent(member.name, n -> new ArrayList<>()).add(member);
                }
            }
        }
        Set<Member> tainted = new HashSet<>();
        all.stream().filter(member -> member.embeddedUse != null).forEach(tainted::add);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Member member : all) {
                if (tainted.contains(member)) {
                    continue;
                }
                for (String call : member.calls) {
                    if (byName.getOrDefault(call + "()", List.of()).stream().anyMatch(tainted::contains)) {
                        tainted.add(member);
                        changed = true;
                        break;
                    }
                }
            }
        }
        return tainted;
    }

    private List<ClassFacts> hierarchy(ClassFacts it) {
        List<ClassFacts> hierarchy = new ArrayList<>();
        Map<String, ClassFacts> module = modules.get(it.module);
        for (ClassFacts facts = it; facts != null && !hierarchy.contains(facts); ) {
            hierarchy.add(facts);
            facts = facts.superclass == null ? null : module.get(facts.superclass);
        }
        return hierarchy;
    }

    /** Classes of the IT's module it refers to (transitively), other than its hierarchy and annotation types. */
    private List<ClassFacts> helpers(ClassFacts it, List<ClassFacts> hierarchy) {
        Map<String, ClassFacts> module = modules.get(it.module);
        Set<ClassFacts> seen = new LinkedHashSet<>(hierarchy);
        Deque<ClassFacts> queue = new ArrayDeque<>(hierarchy);
        List<ClassFacts> helpers = new ArrayList<>();
        while (!queue.isEmpty()) {
            for (String name : queue.pop().references) {
                ClassFacts referenced = module.get(name);
                if (referenced != null && referenced.kind != Tree.Kind.ANNOTATION_TYPE && seen.add(referenced)) {
                    helpers.add(referenced);
                    queue.add(referenced);
                }
            }
        }
        return helpers;
    }

    /** The class's annotations and, through composed annotations of its module, theirs. */
    private Set<String> annotationClosure(ClassFacts facts) {
        Map<String, ClassFacts> module = modules.get(facts.module);
        Set<String> closure = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(facts.annotations);
        while (!queue.isEmpty()) {
            String annotation = queue.pop();
            if (closure.add(annotation)) {
                ClassFacts declaration = module.get(annotation);
                if (declaration != null && declaration.kind == Tree.Kind.ANNOTATION_TYPE) {
                    queue.addAll(declaration.annotations);
                }
            }
        }
        return closure;
    }

    private static <T> List<T> concat(Collection<T> first, Collection<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    // --- parsing ------------------------------------------------------------------------------------------------

    enum Role {
        /** A JUnit test method: may carry the mark itself. */
        TEST,
        /** A plain method: its use counts for the members that call it. */
        HELPER,
        /** Lifecycle methods, constructors, initializers, nested classes: run for every test of the class. */
        CLASS_LEVEL
    }

    static final class Member {
        final String name;
        final Role role;
        final String reason;
        String embeddedUse;
        final Set<String> calls = new LinkedHashSet<>();

        Member(String name, Role role, String reason) {
            this.name = name;
            this.role = role;
            this.reason = reason;
        }
    }

    static final class ClassFacts {
        String module;
        String file;
        String name;
        Tree.Kind kind;
        boolean isAbstract;
        String superclass;
        String classReason;
        final Set<String> annotations = new LinkedHashSet<>();
        final List<Member> members = new ArrayList<>();
        final List<String> constructions = new ArrayList<>();
        final List<String> annotationProblems = new ArrayList<>();
        final Set<String> references = new LinkedHashSet<>();
        final Set<String> infrastructureSignals = new LinkedHashSet<>();
        boolean callsSwitch;
    }

    private static List<ClassFacts> parse(List<Source> sources) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Map<URI, Source> byUri = new HashMap<>();
        List<JavaFileObject> files = new ArrayList<>();
        for (Source source : sources) {
            URI uri =
                    URI.create("string:///" + byUri.size() + "/" + source.name().replaceAll("[^A-Za-z0-9/._-]", "_"));
            byUri.put(uri, source);
            files.add(new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source.text();
                }
            });
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) compiler.getTask(null, null, diagnostics, List.of("-proc:none"), null, files);
        List<ClassFacts> all = new ArrayList<>();
        try {
            for (CompilationUnitTree unit : task.parse()) {
                Source source = byUri.get(unit.getSourceFile().toUri());
                for (Tree type : unit.getTypeDecls()) {
                    if (type instanceof ClassTree declaration) {
                        all.add(facts(
                                source, unit, declaration, Trees.instance(task).getSourcePositions()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    private static ClassFacts facts(
            Source source, CompilationUnitTree unit, ClassTree declaration, SourcePositions positions) {
        ClassFacts facts = new ClassFacts();
        facts.module = source.module();
        facts.file = source.name();
        facts.name = declaration.getSimpleName().toString();
        facts.kind = declaration.getKind();
        facts.isAbstract = declaration.getModifiers().getFlags().contains(javax.lang.model.element.Modifier.ABSTRACT);
        if (declaration.getExtendsClause() != null) {
            facts.superclass =
                    lastSegment(declaration.getExtendsClause().toString().replaceAll("<.*", ""));
        }
        facts.classReason = reason(declaration.getModifiers(), facts, "the class");
        declaration.getModifiers().getAnnotations().forEach(a -> facts.annotations.add(annotationName(a)));
        boolean staticSwitchImports = false;
        for (ImportTree imported : unit.getImports()) {
            String name = imported.getQualifiedIdentifier().toString();
            INFRASTRUCTURE_IMPORTS.stream()
                    .filter(name::startsWith)
                    .forEach(prefix -> facts.infrastructureSignals.add("import " + name));
            if (name.startsWith("org.testcontainers.")) {
                facts.constructions.add("imports Testcontainers (" + name + ")");
            }
            staticSwitchImports |=
                    imported.isStatic() && name.startsWith("dev.patternshop.testsupport.TestInfrastructure.");
        }
        boolean switchImported = staticSwitchImports;
        for (Tree memberTree : declaration.getMembers()) {
            Member member = member(memberTree, facts);
            facts.members.add(member);
            new TreeScanner<Void, Void>() {
                @Override
                public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
                    ExpressionTree select = call.getMethodSelect();
                    String method = null;
                    String qualifier = null;
                    if (select instanceof IdentifierTree identifier) {
                        method = identifier.getName().toString();
                        member.calls.add(method);
                    } else if (select instanceof MemberSelectTree memberSelect) {
                        method = memberSelect.getIdentifier().toString();
                        qualifier = memberSelect.getExpression().toString();
                        if (qualifier.equals("this") || qualifier.equals("super")) {
                            member.calls.add(method);
                        }
                    }
                    boolean switchCall = (qualifier == null && switchImported)
                            || (qualifier != null && lastSegment(qualifier).equals("TestInfrastructure"));
                    if (switchCall && ("shared".equals(method) || "embedded".equals(method))) {
                        facts.callsSwitch = true;
                    }
                    if (switchCall && "embedded".equals(method)) {
                        use(member, "TestInfrastructure.embedded()", call);
                    }
                    if (qualifier != null
                            && FACTORY_METHODS.contains(method)
                            && SERVER_TYPES.contains(lastSegment(qualifier))) {
                        facts.constructions.add(
                                "makes its own server: " + lastSegment(qualifier) + "." + method + "(...)" + at(call));
                    }
                    return super.visitMethodInvocation(call, unused);
                }

                @Override
                public Void visitMemberReference(MemberReferenceTree reference, Void unused) {
                    String qualifier = reference.getQualifierExpression().toString();
                    if (qualifier.equals("this") || qualifier.equals("super")) {
                        member.calls.add(reference.getName().toString());
                    }
                    return super.visitMemberReference(reference, unused);
                }

                @Override
                public Void visitNewClass(NewClassTree created, Void unused) {
                    String type = lastSegment(created.getIdentifier().toString().replaceAll("<.*", ""));
                    if (SERVER_TYPES.contains(type) || CONTAINER_TYPES.contains(type)) {
                        facts.constructions.add("makes its own server: new " + type + "(...)" + at(created));
                    }
                    return super.visitNewClass(created, unused);
                }

                @Override
                public Void visitIdentifier(IdentifierTree identifier, Void unused) {
                    String name = identifier.getName().toString();
                    facts.references.add(name);
                    if (EMBEDDED_TYPES.contains(name)) {
                        use(member, name, identifier);
                    }
                    return super.visitIdentifier(identifier, unused);
                }

                @Override
                public Void visitMemberSelect(MemberSelectTree select, Void unused) {
                    if (EMBEDDED_TYPES.contains(select.getIdentifier().toString())) {
                        use(member, select.getIdentifier().toString(), select);
                    }
                    return super.visitMemberSelect(select, unused);
                }

                @Override
                public Void visitLiteral(LiteralTree literal, Void unused) {
                    if (literal.getValue() instanceof String text
                            && HARD_CODED_ENDPOINT.matcher(text).find()) {
                        facts.constructions.add("hard-codes a server address: \"" + text + "\"" + at(literal));
                    }
                    return super.visitLiteral(literal, unused);
                }

                @Override
                public Void visitVariable(VariableTree variable, Void unused) {
                    // A field's declared type holds nothing: only what initializes it, or assigns it later, counts.
                    if (variable == memberTree) {
                        scan(variable.getModifiers(), null);
                        return scan(variable.getInitializer(), null);
                    }
                    return super.visitVariable(variable, unused);
                }

                @Override
                public Void visitAnnotation(AnnotationTree annotation, Void unused) {
                    // Annotations are no use of anything; their string values are reasons and settings.
                    String name = annotationName(annotation);
                    if (!name.equals(ANNOTATION)) {
                        return super.visitAnnotation(annotation, unused);
                    }
                    return null;
                }

                private void use(Member member, String what, Tree where) {
                    if (member.embeddedUse == null) {
                        member.embeddedUse = what + at(where);
                    }
                }

                private String at(Tree tree) {
                    long position = positions.getStartPosition(unit, tree);
                    return position < 0 ? "" : " (line " + unit.getLineMap().getLineNumber(position) + ")";
                }
            }.scan(memberTree, null);
        }
        return facts;
    }

    private static Member member(Tree tree, ClassFacts facts) {
        return switch (tree) {
            case MethodTree method -> {
                Set<String> annotations = new HashSet<>();
                method.getModifiers().getAnnotations().forEach(a -> annotations.add(annotationName(a)));
                String name = method.getName() + "()";
                Role role;
                if (annotations.stream().anyMatch(TEST_METHODS::contains)) {
                    role = Role.TEST;
                } else if (method.getName().contentEquals("<init>")
                        || annotations.stream()
                                .anyMatch(
                                        Set.of(
                                                "BeforeAll",
                                                "BeforeEach",
                                                "AfterAll",
                                                "AfterEach",
                                                "DynamicPropertySource")::contains)) {
                    role = Role.CLASS_LEVEL;
                } else {
                    role = Role.HELPER;
                }
                yield new Member(name, role, reason(method.getModifiers(), facts, name));
            }
            case VariableTree field -> new Member("field " + field.getName(), Role.CLASS_LEVEL, null);
            case ClassTree nested -> new Member("nested class " + nested.getSimpleName(), Role.CLASS_LEVEL, null);
            case BlockTree block -> new Member("initializer", Role.CLASS_LEVEL, null);
            default -> new Member(tree.getKind().toString(), Role.CLASS_LEVEL, null);
        };
    }

    /** The mark's reason, or null without one; a mark without a plain, non-blank reason is a problem. */
    private static String reason(ModifiersTree modifiers, ClassFacts facts, String where) {
        for (AnnotationTree annotation : modifiers.getAnnotations()) {
            if (!annotationName(annotation).equals(ANNOTATION)) {
                continue;
            }
            String reason = annotation.getArguments().size() == 1
                    ? constant(annotation.getArguments().getFirst())
                    : null;
            if (reason == null || reason.isBlank()) {
                facts.annotationProblems.add(
                        "@" + ANNOTATION + " on " + where + " needs a reason: a non-blank string literal");
                return "";
            }
            return reason;
        }
        return null;
    }

    private static String constant(ExpressionTree expression) {
        return switch (expression) {
            case AssignmentTree assignment -> constant(assignment.getExpression());
            case LiteralTree literal when literal.getValue() instanceof String text -> text;
            case ParenthesizedTree parenthesized -> constant(parenthesized.getExpression());
            case BinaryTree binary
            when binary.getKind() == Tree.Kind.PLUS -> {
                String left = constant(binary.getLeftOperand());
                String right = constant(binary.getRightOperand());
                yield left == null || right == null ? null : left + right;
            }
            default -> null;
        };
    }

    private static String annotationName(AnnotationTree annotation) {
        return lastSegment(annotation.getAnnotationType().toString());
    }

    private static String lastSegment(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
